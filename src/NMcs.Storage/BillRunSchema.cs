namespace NMcs.Storage;

/// <summary>Tables of bill runs and the recurring-charge segments billed on invoices.</summary>
internal static class BillRunSchema
{
    /// <summary>
    /// CREATE statements, each idempotent; run in order after the core tables. <paramref name="clusteredSuffix"/>
    /// makes a table stored in its primary key's order where the dialect has that (SQLite: <c>WITHOUT ROWID</c>).
    /// </summary>
    public static IReadOnlyList<string> Statements(string clusteredSuffix) =>
    [
        // The recurring-charge segments (corrections included) each invoice billed, one row per subscription and
        // invoice, so the next bill run can compare what is due with what was billed and bill only the difference.
        // Keyed by the payer (the invoice's account; an account's payer never changes) first: a bill run reads one
        // payer's rows as one range, and an issue writes its rows next to each other instead of one index entry per
        // segment scattered over the table (what a large bill run waited on). segments holds BilledSegmentCodec text.
        """
        CREATE TABLE IF NOT EXISTS billed_segments (
            payer_account_id TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            invoice_id TEXT NOT NULL,
            segment_count INTEGER NOT NULL,
            segments TEXT NOT NULL,
            PRIMARY KEY (payer_account_id, subscription_id, invoice_id))
        """ + clusteredSuffix,
        // Bill runs started on demand or by the scheduler: which payers they cover and how far they got.
        """
        CREATE TABLE IF NOT EXISTS bill_runs (
            run_id TEXT NOT NULL PRIMARY KEY,
            scope TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            payers INTEGER NOT NULL,
            invoiced INTEGER NOT NULL,
            skipped INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            report TEXT NOT NULL)
        """,
        // Orleans reminders (durable timers of grains), so scheduled bill runs survive restarts.
        """
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id TEXT NOT NULL,
            name TEXT NOT NULL,
            grain_hash BIGINT NOT NULL,
            start_at TEXT NOT NULL,
            period_ms BIGINT NOT NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (grain_id, name))
        """,
    ];
}
