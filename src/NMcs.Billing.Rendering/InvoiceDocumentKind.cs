namespace NMcs.Billing.Rendering;

/// <summary>Whether a document bills (invoice) or corrects a former invoice (credit note).</summary>
public enum InvoiceDocumentKind
{
    /// <summary>An invoice: charges the payer for a billing period.</summary>
    Invoice,

    /// <summary>A credit note: corrects an issued invoice, which it names in <see cref="InvoiceDocument.ReferencedInvoiceNumber"/>.</summary>
    CreditNote,
}
