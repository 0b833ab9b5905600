namespace NMcs.Billing;

/// <summary>An invoice before it is numbered and issued.</summary>
/// <param name="Currency">Invoice currency.</param>
/// <param name="Lines">Lines in print order.</param>
/// <param name="Subtotal">Sum of rounded line amounts.</param>
/// <param name="Total">Amount due: the subtotal plus exclusive taxes (inclusive taxes are already in the lines).</param>
/// <param name="Taxes">Tax per rate.</param>
public sealed record InvoiceDraft(Currency Currency, IReadOnlyList<InvoiceLine> Lines, decimal Subtotal, decimal Total, IReadOnlyList<InvoiceTax>? Taxes = null)
{
    /// <summary>All tax on the invoice, exclusive and inclusive.</summary>
    public decimal TaxTotal => Taxes?.Sum(t => t.Tax) ?? 0m;
}
