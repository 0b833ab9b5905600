namespace NMcs.Grains.Receivables;

/// <summary>Revenue of one customer, product or month in one currency.</summary>
/// <param name="Key">Customer id, product id (or <see cref="RevenueReport.Unallocated"/>) or <c>YYYY-MM</c>.</param>
/// <param name="Name">Customer or product name; the key again for a month.</param>
/// <param name="Currency">ISO 4217 code of the invoices summed.</param>
/// <param name="Invoices">Number of invoices contributing lines.</param>
/// <param name="Invoiced">Sum of the invoice line amounts (before exclusive tax).</param>
/// <param name="Credited">Sum of credit-note lines.</param>
/// <param name="Debited">Sum of debit-adjustment lines.</param>
public sealed record RevenueLine(string Key, string Name, string Currency, int Invoices, decimal Invoiced, decimal Credited, decimal Debited)
{
    /// <summary>Net revenue: invoiced − credited + debited.</summary>
    public decimal Net => Invoiced - Credited + Debited;
}
