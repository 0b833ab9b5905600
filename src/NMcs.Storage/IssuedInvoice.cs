using NMcs.Billing;

namespace NMcs.Storage;

/// <summary>An invoice as stored: numbered, immutable.</summary>
public sealed record IssuedInvoice(
    string InvoiceId,
    string InvoiceNumber,
    string AccountId,
    string Period,
    string Currency,
    decimal Subtotal,
    decimal Total,
    DateTimeOffset IssuedAt,
    IReadOnlyList<InvoiceLine> Lines,
    IReadOnlyList<InvoiceTax>? Taxes = null)
{
    /// <summary>All tax on the invoice.</summary>
    public decimal TaxTotal => Taxes?.Sum(t => t.Tax) ?? 0m;
}
