using System.Globalization;
using NMcs.Time;

namespace NMcs.Billing;

/// <summary>
/// Composes a payer's invoice for one billing period from its subscriptions and unbilled rated usage. Pure: the
/// bill run gathers the inputs and issues the result.
/// </summary>
/// <remarks>
/// Rules of this version: a subscription active at any time in the period pays the full monthly fee (proration is
/// not applied yet); the activation fee is charged in the period of activation; usage is summed unrounded per SIM
/// and service and rounded once per line. Every line is rounded half-up at the currency's minor unit, and the
/// subtotal is the sum of the rounded lines, so the invoice adds up as printed.
/// </remarks>
public static class InvoiceComposer
{
    /// <summary>Composes the invoice draft.</summary>
    public static InvoiceDraft Compose(
        Currency currency,
        BillingPeriod period,
        IEnumerable<BillableSubscription> subscriptions,
        IEnumerable<UsageTotal> usage)
    {
        ArgumentNullException.ThrowIfNull(period);
        var lines = new List<InvoiceLine>();
        foreach (var subscription in subscriptions.OrderBy(s => s.Iccid, StringComparer.Ordinal))
        {
            if (subscription.Currency != currency)
            {
                throw new DomainException(
                    "CURRENCY_MISMATCH",
                    "currency",
                    $"product {subscription.ProductName} is priced in {subscription.Currency} but the account bills in {currency}; activate a product in the account's currency.");
            }

            if (subscription.ActivatedAt >= period.EndUtc)
            {
                continue;
            }

            foreach (var fee in subscription.RecurringFees.Where(f => f.Amount != 0))
            {
                Add(lines, currency, ChargeKind.RecurringCharge, $"{subscription.ProductName} {fee.Name} {period.Key}", subscription.Iccid, 1m, fee.Amount);
            }

            if (period.Contains(subscription.ActivatedAt))
            {
                foreach (var fee in subscription.ActivationFees.Where(f => f.Amount != 0))
                {
                    Add(lines, currency, ChargeKind.OneTimeCharge, $"{subscription.ProductName} {fee.Name}", subscription.Iccid, 1m, fee.Amount);
                }
            }
        }

        foreach (var total in usage.OrderBy(u => u.Iccid, StringComparer.Ordinal).ThenBy(u => u.Service, StringComparer.Ordinal))
        {
            var description = string.Create(
                CultureInfo.InvariantCulture,
                $"{total.Service} usage, {total.Records} records, {total.BillableUnits} {total.RateUnit} billable");
            Add(lines, currency, ChargeKind.UsageCharge, description, total.Iccid, total.BillableUnits, total.Amount);
        }

        var subtotal = lines.Sum(l => l.Amount);
        return new InvoiceDraft(currency, lines, subtotal, subtotal);
    }

    private static void Add(List<InvoiceLine> lines, Currency currency, ChargeKind kind, string description, string iccid, decimal quantity, decimal unrounded)
    {
        var rounded = new Money(unrounded, currency).RoundToMinorUnit().Amount;
        lines.Add(new InvoiceLine(lines.Count + 1, kind, description, iccid, quantity, unrounded, rounded));
    }
}
