namespace NMcs.Storage;

/// <summary>The table of raised thresholds (allowance use, credit and SIM charge limits).</summary>
internal static class ThresholdSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        // Written in the transaction of the rated usage that crossed the threshold, so an event exists exactly when
        // its record does. event_id is derived from (account, period, threshold): the same threshold in the same
        // cycle can never be stored twice. iccid and allowance_id are '' for account thresholds and charge limits.
        // Amounts and quantities are invariant decimal text, like the ledger. sequence numbers events in the order
        // they were raised, across accounts and silos (from the counters table, in the same transaction).
        """
        CREATE TABLE IF NOT EXISTS threshold_events (
            event_id TEXT NOT NULL PRIMARY KEY,
            sequence BIGINT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            period TEXT NOT NULL,
            kind TEXT NOT NULL,
            iccid TEXT NOT NULL,
            allowance_id TEXT NOT NULL,
            percent TEXT NOT NULL,
            threshold TEXT NOT NULL,
            limit_value TEXT NOT NULL,
            counter_value TEXT NOT NULL,
            unit TEXT NOT NULL,
            record_id TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            raised_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_threshold_events_account ON threshold_events (account_id, period)",
        "CREATE INDEX IF NOT EXISTS ix_threshold_events_raised ON threshold_events (raised_at)",
    ];
}
