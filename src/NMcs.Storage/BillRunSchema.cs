namespace NMcs.Storage;

/// <summary>Tables of bill runs and the recurring-charge segments billed on invoices.</summary>
internal static class BillRunSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        // Every recurring-charge segment an invoice billed (corrections included), so the next bill run can compare
        // what is due with what was billed and bill only the difference.
        """
        CREATE TABLE IF NOT EXISTS billed_segments (
            invoice_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            subscription_id TEXT NOT NULL,
            product TEXT NOT NULL,
            charge_id TEXT NOT NULL,
            name TEXT NOT NULL,
            timing TEXT NOT NULL,
            status TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            from_day TEXT NOT NULL,
            to_day TEXT NOT NULL,
            days INTEGER NOT NULL,
            period_days INTEGER NOT NULL,
            price TEXT NOT NULL,
            unrounded_amount TEXT NOT NULL,
            amount TEXT NOT NULL,
            due_on TEXT NOT NULL,
            description TEXT NOT NULL,
            tax_category TEXT,
            PRIMARY KEY (invoice_id, seq))
        """,
        "CREATE INDEX IF NOT EXISTS ix_billed_segments_subscription ON billed_segments (subscription_id)",
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
