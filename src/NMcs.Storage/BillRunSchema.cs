namespace NMcs.Storage;

/// <summary>Tables of bill runs and the recurring-charge segments billed on invoices.</summary>
internal static class BillRunSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } = [];
}
