namespace NMcs.Storage;

/// <summary>Tables of payments, credit notes and debit adjustments against issued invoices.</summary>
internal static class AccountsReceivableSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        // Payments are append-only. idempotency_key is unique (NULLs never collide), so a retried request finds
        // the payment it already made instead of paying twice.
        """
        CREATE TABLE IF NOT EXISTS payments (
            payment_id TEXT NOT NULL PRIMARY KEY,
            invoice_number TEXT NOT NULL,
            account_id TEXT NOT NULL,
            amount TEXT NOT NULL,
            currency TEXT NOT NULL,
            received_at TEXT NOT NULL,
            reference TEXT NULL,
            idempotency_key TEXT NULL UNIQUE,
            recorded_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_payments_invoice ON payments (invoice_number)",
        "CREATE INDEX IF NOT EXISTS ix_payments_account ON payments (account_id, recorded_at)",

        // Credit notes (CN-…) and debit adjustments (DN-…) share one shape; kind keeps their number series apart.
        """
        CREATE TABLE IF NOT EXISTS invoice_adjustments (
            adjustment_number TEXT NOT NULL PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('CreditNote', 'DebitAdjustment')),
            invoice_number TEXT NOT NULL,
            account_id TEXT NOT NULL,
            currency TEXT NOT NULL,
            amount TEXT NOT NULL,
            reason TEXT NOT NULL,
            issued_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_invoice_adjustments_invoice ON invoice_adjustments (invoice_number)",
        "CREATE INDEX IF NOT EXISTS ix_invoice_adjustments_account ON invoice_adjustments (account_id, kind)",
        """
        CREATE TABLE IF NOT EXISTS invoice_adjustment_lines (
            adjustment_number TEXT NOT NULL,
            line_number INTEGER NOT NULL,
            description TEXT NOT NULL,
            amount TEXT NOT NULL,
            invoice_line_number INTEGER NULL,
            PRIMARY KEY (adjustment_number, line_number))
        """,
    ];
}
