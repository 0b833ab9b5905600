using NMcs.Billing.Receivables;

namespace NMcs.Storage;

/// <summary>A credit note or debit adjustment: an immutable correction of an issued invoice, never an edit of it.</summary>
/// <param name="Number">Its own number, <c>CN-000001</c> or <c>DN-000001</c>.</param>
/// <param name="Kind">Credit note or debit adjustment.</param>
/// <param name="InvoiceNumber">The invoice it corrects.</param>
/// <param name="AccountId">Payer account of the invoice.</param>
/// <param name="Currency">ISO 4217 code (always the invoice's).</param>
/// <param name="Amount">Sum of the lines.</param>
/// <param name="Reason">Why the invoice is corrected.</param>
/// <param name="IssuedAt">Platform time of issue.</param>
/// <param name="Lines">The lines, in order.</param>
public sealed record InvoiceAdjustment(
    string Number,
    InvoiceAdjustmentKind Kind,
    string InvoiceNumber,
    string AccountId,
    string Currency,
    decimal Amount,
    string Reason,
    DateTimeOffset IssuedAt,
    IReadOnlyList<InvoiceAdjustmentLine> Lines);
