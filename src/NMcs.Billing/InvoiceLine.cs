namespace NMcs.Billing;

/// <summary>One invoice line. <see cref="Amount"/> is <see cref="UnroundedAmount"/> rounded half-up at the minor unit.</summary>
/// <param name="LineNumber">1-based position on the invoice.</param>
/// <param name="Kind">RC, OC or UC.</param>
/// <param name="Description">Text printed on the invoice.</param>
/// <param name="Iccid">SIM the line belongs to.</param>
/// <param name="Quantity">Quantity charged (periods, events or billable rate units).</param>
/// <param name="UnroundedAmount">Exact amount before rounding.</param>
/// <param name="Amount">Rounded amount.</param>
/// <param name="AccountId">The account (invoice section) the line belongs to: the payer's own or a child account's.</param>
public sealed record InvoiceLine(int LineNumber, ChargeKind Kind, string Description, string Iccid, decimal Quantity, decimal UnroundedAmount, decimal Amount, string AccountId = "");
