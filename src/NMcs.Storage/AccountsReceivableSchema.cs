namespace NMcs.Storage;

/// <summary>Tables of payments, credit notes and debit adjustments against issued invoices.</summary>
internal static class AccountsReceivableSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } = [];
}
