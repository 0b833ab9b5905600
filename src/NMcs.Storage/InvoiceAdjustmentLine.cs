namespace NMcs.Storage;

/// <summary>One line of a credit note or debit adjustment.</summary>
/// <param name="LineNumber">Line number on the adjustment, from 1.</param>
/// <param name="Description">What the line corrects.</param>
/// <param name="Amount">Positive amount in the invoice currency, at most its minor unit.</param>
/// <param name="InvoiceLineNumber">The invoice line it corrects, when it corrects one line (revenue per product follows it).</param>
public sealed record InvoiceAdjustmentLine(int LineNumber, string Description, decimal Amount, int? InvoiceLineNumber = null);
