namespace NMcs.Billing.Rendering;

/// <summary>
/// Everything printed on an invoice or credit note, ready to render: amounts are final (already rounded and summed
/// by billing); the renderers format them and never recompute them.
/// </summary>
public sealed record InvoiceDocument
{
    /// <summary>The operator that issues the document.</summary>
    public required InvoiceSeller Seller { get; init; }

    /// <summary>Invoice or credit-note number.</summary>
    public required string InvoiceNumber { get; init; }

    /// <summary>Invoice or credit note.</summary>
    public InvoiceDocumentKind Kind { get; init; } = InvoiceDocumentKind.Invoice;

    /// <summary>For a credit note: the number of the invoice it corrects. Null for an invoice.</summary>
    public string? ReferencedInvoiceNumber { get; init; }

    /// <summary>Status as printed, e.g. "Issued", "Paid", "Partially paid", "Overdue".</summary>
    public required string Status { get; init; }

    /// <summary>Date of issue.</summary>
    public required DateOnly IssueDate { get; init; }

    /// <summary>Payment due date; null when nothing is due (e.g. a credit note).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The billing period the document covers.</summary>
    public required InvoiceBillingPeriod Period { get; init; }

    /// <summary>The payer the document is addressed to.</summary>
    public required InvoicePayer Payer { get; init; }

    /// <summary>ISO 4217 currency code, e.g. <c>EUR</c>.</summary>
    public required string CurrencyCode { get; init; }

    /// <summary>Digits after the decimal point of the currency (2 for EUR, 0 for JPY, 3 for KWD).</summary>
    public required int MinorUnits { get; init; }

    /// <summary>One section per child (subscriber) account, in print order.</summary>
    public required IReadOnlyList<InvoiceSection> Sections { get; init; }

    /// <summary>Tax per rate.</summary>
    public IReadOnlyList<InvoiceTaxSummary> Taxes { get; init; } = [];

    /// <summary>Sum of the line amounts.</summary>
    public required decimal Subtotal { get; init; }

    /// <summary>All tax on the document, exclusive and inclusive.</summary>
    public required decimal TaxTotal { get; init; }

    /// <summary>Amount of the document: the subtotal plus exclusive taxes.</summary>
    public required decimal Total { get; init; }

    /// <summary>Payments (or credits) recorded against the document so far.</summary>
    public decimal AmountPaid { get; init; }

    /// <summary>What remains to be paid.</summary>
    public required decimal BalanceDue { get; init; }

    /// <summary>Per-SIM usage detail, traceable to the rated records.</summary>
    public IReadOnlyList<SimUsageDetail> Usage { get; init; } = [];

    /// <summary>Checks what the renderers rely on; throws naming the field and the fix.</summary>
    internal void Validate()
    {
        Require(Seller?.Name, "Seller.Name");
        Require(InvoiceNumber, nameof(InvoiceNumber));
        Require(CurrencyCode, nameof(CurrencyCode));
        ArgumentNullException.ThrowIfNull(Payer, nameof(Payer));
        ArgumentNullException.ThrowIfNull(Period, nameof(Period));
        ArgumentNullException.ThrowIfNull(Sections, nameof(Sections));
        if (MinorUnits is < 0 or > 8)
        {
            throw new ArgumentException($"MinorUnits {MinorUnits} is outside 0..8; use the ISO 4217 minor units of {CurrencyCode}.", nameof(MinorUnits));
        }

        if (Kind == InvoiceDocumentKind.CreditNote && string.IsNullOrWhiteSpace(ReferencedInvoiceNumber))
        {
            throw new ArgumentException($"credit note {InvoiceNumber} has no ReferencedInvoiceNumber; set the number of the invoice it corrects.", nameof(ReferencedInvoiceNumber));
        }

        if (Period.To < Period.From)
        {
            throw new ArgumentException($"billing period {Period.Key} ends ({Period.To:yyyy-MM-dd}) before it starts ({Period.From:yyyy-MM-dd}); swap From and To.", nameof(Period));
        }
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} is empty; set it before rendering.", field);
        }
    }
}
