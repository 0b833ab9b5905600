namespace NMcs.Billing.Rendering;

/// <summary>One printed invoice line.</summary>
/// <param name="LineNumber">Line number on the invoice.</param>
/// <param name="Kind">Charge kind as printed, e.g. "Recurring charge" or "Usage charge".</param>
/// <param name="Description">Line text; may contain commas, quotes and line breaks.</param>
/// <param name="Iccid">SIM the line belongs to; null for account-level lines.</param>
/// <param name="ServiceFrom">First day of service the line charges for, when it has one.</param>
/// <param name="ServiceTo">Last day of service (inclusive) the line charges for, when it has one.</param>
/// <param name="Quantity">Quantity charged.</param>
/// <param name="Unit">Unit of the quantity, e.g. "month", "MB", "event".</param>
/// <param name="Amount">Line amount, already rounded to the currency's minor unit.</param>
public sealed record InvoiceDocumentLine(
    int LineNumber,
    string Kind,
    string Description,
    string? Iccid,
    DateOnly? ServiceFrom,
    DateOnly? ServiceTo,
    decimal Quantity,
    string Unit,
    decimal Amount);
