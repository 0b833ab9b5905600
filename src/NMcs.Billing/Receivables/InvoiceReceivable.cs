using NodaTime;

namespace NMcs.Billing.Receivables;

/// <summary>
/// An issued invoice as a receivable: what it billed, what corrected it, what was paid and what is still open.
/// Open amount = total − credit notes + debit adjustments − payments; it is negative when a credit note came after
/// a payment (the operator owes the payer a refund).
/// </summary>
/// <param name="InvoiceNumber">Invoice number, e.g. <c>INV-000001</c>.</param>
/// <param name="AccountId">Payer account.</param>
/// <param name="Period">Billing period key.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Total">Invoice total (subtotal plus exclusive tax).</param>
/// <param name="Credited">Sum of credit notes.</param>
/// <param name="Debited">Sum of debit adjustments.</param>
/// <param name="Paid">Sum of payments.</param>
/// <param name="IssuedAt">Instant of issue.</param>
/// <param name="DueDate">Last day to pay, in the payer's time zone: the issue date plus the payment terms.</param>
/// <param name="Status">Status at the time the receivable was evaluated.</param>
public sealed record InvoiceReceivable(
    string InvoiceNumber,
    string AccountId,
    string Period,
    string Currency,
    decimal Total,
    decimal Credited,
    decimal Debited,
    decimal Paid,
    DateTimeOffset IssuedAt,
    DateOnly DueDate,
    ReceivableStatus Status)
{
    /// <summary>What the payer still owes on the invoice.</summary>
    public decimal OpenAmount => Total - Credited + Debited - Paid;

    /// <summary>What credit notes may still take back: everything billed (total plus debit adjustments) less earlier credit notes.</summary>
    public decimal Creditable => Total + Debited - Credited;

    /// <summary>
    /// Derives the receivable. The due date is the issue date in <paramref name="timeZoneId"/> plus
    /// <paramref name="paymentTermsDays"/>; an invoice with an open amount becomes overdue at local midnight after
    /// its due date. Voided wins over every other status, then paid, then overdue.
    /// </summary>
    public static InvoiceReceivable Evaluate(
        string invoiceNumber,
        string accountId,
        string period,
        string currency,
        decimal total,
        decimal credited,
        decimal debited,
        decimal paid,
        DateTimeOffset issuedAt,
        string timeZoneId,
        int paymentTermsDays,
        DateTimeOffset now)
    {
        var zone = NMcs.Time.BillingPeriod.Zone(timeZoneId);
        var issueDate = Instant.FromDateTimeOffset(issuedAt).InZone(zone).Date;
        var dueDate = issueDate.PlusDays(paymentTermsDays);
        var overdueFrom = zone.AtStartOfDay(dueDate.PlusDays(1)).ToDateTimeOffset();
        var open = total - credited + debited - paid;
        var status = (IsVoided(total, credited, debited), open <= 0m, now >= overdueFrom, paid > 0m) switch
        {
            (true, _, _, _) => ReceivableStatus.Voided,
            (_, true, _, _) => ReceivableStatus.Paid,
            (_, _, true, _) => ReceivableStatus.Overdue,
            (_, _, _, true) => ReceivableStatus.PartiallyPaid,
            _ => ReceivableStatus.Issued,
        };
        return new InvoiceReceivable(
            invoiceNumber,
            accountId,
            period,
            currency,
            total,
            credited,
            debited,
            paid,
            issuedAt,
            new DateOnly(dueDate.Year, dueDate.Month, dueDate.Day),
            status);
    }

    /// <summary>True when credit notes cover everything the invoice billed (its total plus debit adjustments).</summary>
    public static bool IsVoided(decimal total, decimal credited, decimal debited) =>
        total + debited > 0m && credited >= total + debited;
}
