using System.Data.Common;

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
        //
        // An insert touches two B-trees: the table, keyed by sequence, which only grows at its right edge, and the
        // one unique key (account, period, event id), which both refuses a threshold raised twice and finds an
        // account's cycle. Keyed by event id (a hash) or with an index of its own per purpose, every event landed on
        // random pages of two or three more B-trees: at fleet scale each group commit rewrote most of their leaves
        // (docs/benchmarks.md, session 19).
        """
        CREATE TABLE IF NOT EXISTS threshold_events (
            sequence INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
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
            raised_at TEXT NOT NULL,
            UNIQUE (account_id, period, event_id))
        """,
    ];

    private const string Aside = "threshold_events_by_event_id";

    /// <summary>
    /// Renames the events table of a store written by an earlier build (keyed by event id, with indexes by account and
    /// by raised time) out of the way, with its indexes dropped, so <see cref="Statements"/> create this build's table;
    /// <see cref="MoveInAsync"/> then copies the events over. Returns whether there was such a table.
    /// </summary>
    internal static async Task<bool> SetAsideKeyedByEventIdAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // The earlier table's primary key is the event id; this build's is the sequence.
        if (!await NMcsDatabase.HasKeyColumnAsync(connection, transaction, "threshold_events", "event_id", cancellationToken))
        {
            return false;
        }

        await NMcsDatabase.ExecuteAllAsync(connection, transaction, [
            $"ALTER TABLE threshold_events RENAME TO {Aside}",
            "DROP INDEX IF EXISTS ix_threshold_events_account",
            "DROP INDEX IF EXISTS ix_threshold_events_raised"], cancellationToken);

        return true;
    }

    /// <summary>Copies the events set aside by <see cref="SetAsideKeyedByEventIdAsync"/> into the new table, with their sequence numbers, and drops the old table.</summary>
    internal static Task MoveInAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        NMcsDatabase.ExecuteAllAsync(connection, transaction, [$"INSERT INTO threshold_events ({ThresholdEventStore.Columns}) SELECT {ThresholdEventStore.Columns} FROM {Aside} ORDER BY sequence", $"DROP TABLE {Aside}"], cancellationToken);
}
