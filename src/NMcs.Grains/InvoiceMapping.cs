using NMcs.Abstractions.Contracts;
using NMcs.Billing;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>Maps billing results to the invoice contract the API serves.</summary>
public static class InvoiceMapping
{
    /// <summary>An issued invoice.</summary>
    public static InvoiceInfo ToInfo(IssuedInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return new InvoiceInfo(
            invoice.InvoiceId,
            invoice.InvoiceNumber,
            invoice.AccountId,
            invoice.Period,
            invoice.Currency,
            invoice.Lines.Select(ToInfo).ToList(),
            invoice.Subtotal,
            invoice.Total,
            invoice.IssuedAt,
            (invoice.Taxes ?? []).Select(ToInfo).ToList(),
            invoice.TaxTotal);
    }

    /// <summary>A preview: a draft that has no number.</summary>
    public static InvoiceInfo ToInfo(InvoiceDraft draft, string invoiceId, string accountId, string period, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new InvoiceInfo(
            invoiceId,
            null,
            accountId,
            period,
            draft.Currency.Code,
            draft.Lines.Select(ToInfo).ToList(),
            draft.Subtotal,
            draft.Total,
            at,
            (draft.Taxes ?? []).Select(ToInfo).ToList(),
            draft.TaxTotal);
    }

    private static InvoiceLineInfo ToInfo(InvoiceLine line) =>
        new(line.LineNumber, line.Kind.ToString(), line.Description, line.Iccid, line.Quantity, line.UnroundedAmount, line.Amount, line.AccountId);

    private static InvoiceTaxInfo ToInfo(InvoiceTax tax) =>
        new(tax.Category, tax.Rate, tax.Treatment.ToString().ToLowerInvariant(), tax.TaxableAmount, tax.UnroundedTax, tax.Tax);
}
