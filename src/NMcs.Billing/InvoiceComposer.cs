using System.Globalization;
using NMcs.Catalog.Model;
using NMcs.Time;

namespace NMcs.Billing;

/// <summary>
/// Composes a payer's invoice for one billing period from its subscriptions and unbilled rated usage. Pure: the
/// bill run gathers the inputs and issues the result.
/// </summary>
/// <remarks>
/// Rules of this version: a subscription active at any time in the period pays the full monthly fee (proration is
/// not applied yet); the activation fee is charged in the period of activation; usage is summed unrounded per SIM
/// and catalog charge and rounded once per line; volume-tier true-ups of the closing cycle, then discounts, caps and
/// commitment true-ups follow as their own lines, then taxes per rate. Every line is rounded half-up at the currency's minor unit, and the subtotal is the sum of
/// the rounded lines, so the invoice adds up as printed.
/// </remarks>
public static class InvoiceComposer
{
    /// <summary>Composes the invoice draft.</summary>
    public static InvoiceDraft Compose(
        Currency currency,
        BillingPeriod period,
        IEnumerable<BillableSubscription> subscriptions,
        IEnumerable<UsageTotal> usage,
        IReadOnlyList<TaxRate>? taxRates = null,
        IEnumerable<UsageTrueUp>? trueUps = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        var subscriptionList = subscriptions.OrderBy(s => s.Iccid, StringComparer.Ordinal).ToList();
        var lines = new List<InvoiceLine>();
        var chargeOf = new List<string>();
        var categoryOf = new List<string?>();
        foreach (var subscription in subscriptionList)
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
                Add(lines, chargeOf, categoryOf, currency, ChargeKind.RecurringCharge, $"{subscription.ProductName} {fee.Name} {period.Key}", subscription.Iccid, 1m, fee.Amount, fee.ChargeId, fee.TaxCategory);
            }

            if (period.Contains(subscription.ActivatedAt))
            {
                foreach (var fee in subscription.ActivationFees.Where(f => f.Amount != 0))
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.OneTimeCharge, $"{subscription.ProductName} {fee.Name}", subscription.Iccid, 1m, fee.Amount, fee.ChargeId, fee.TaxCategory);
                }
            }
        }

        foreach (var total in usage.OrderBy(u => u.Iccid, StringComparer.Ordinal).ThenBy(u => u.ChargeId, StringComparer.Ordinal))
        {
            var description = string.Create(
                CultureInfo.InvariantCulture,
                $"{total.Name}, {total.Records} records, {total.BillableUnits} {total.RateUnit} billable");
            Add(lines, chargeOf, categoryOf, currency, ChargeKind.UsageCharge, description, total.Iccid, total.BillableUnits, total.Amount, total.ChargeId, total.TaxCategory);
        }

        foreach (var trueUp in (trueUps ?? []).OrderBy(t => t.Iccid, StringComparer.Ordinal).ThenBy(t => t.ChargeId, StringComparer.Ordinal))
        {
            Add(lines, chargeOf, categoryOf, currency, ChargeKind.VolumeTrueUp, trueUp.Description, trueUp.Iccid, trueUp.Units, trueUp.Amount, trueUp.ChargeId, trueUp.TaxCategory);
        }

        AddAdjustments(lines, chargeOf, categoryOf, currency, period, subscriptionList);
        var subtotal = lines.Sum(l => l.Amount);
        var taxes = Taxes(lines, categoryOf, currency, period, taxRates ?? []);
        return new InvoiceDraft(currency, lines, subtotal, subtotal + taxes.Where(t => t.Treatment == TaxTreatment.Exclusive).Sum(t => t.Tax), taxes);
    }

    /// <summary>
    /// Per subscription, on the rounded charge lines of the period: discounts in force this cycle (percentage or
    /// fixed, on their charges), then caps (credit above the maximum of their charges), then commitments (true-up
    /// to the minimum spend on their charges, all charges when none are named). Each adjustment is its own line,
    /// rounded half-up like every line.
    /// </summary>
    private static void AddAdjustments(List<InvoiceLine> lines, List<string> chargeOf, List<string?> categoryOf, Currency currency, BillingPeriod period, List<BillableSubscription> subscriptions)
    {
        foreach (var subscription in subscriptions.Where(s => s.ActivatedAt < period.EndUtc))
        {
            var charged = lines.Select((line, i) => (line, charge: chargeOf[i], category: categoryOf[i]))
                .Where(x => x.line.Iccid == subscription.Iccid && x.line.Kind is ChargeKind.RecurringCharge or ChargeKind.OneTimeCharge or ChargeKind.UsageCharge or ChargeKind.VolumeTrueUp)
                .ToList();
            decimal On(IReadOnlyList<string> charges) => charged.Where(x => charges.Count == 0 || charges.Contains(x.charge)).Sum(x => x.line.Amount);

            // An adjustment is taxed like the charges it adjusts (the first of them on the invoice).
            string? CategoryOf(IReadOnlyList<string> charges) => charged.FirstOrDefault(x => charges.Count == 0 || charges.Contains(x.charge)).category;

            foreach (var discount in subscription.Discounts ?? [])
            {
                if (discount.AppliesTo(subscription.CycleNumber, period.StartUtc) && discount.AmountOff(On(discount.Charges)) is var off and > 0)
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.Discount, discount.Name, subscription.Iccid, 1m, -off, discount.Id, CategoryOf(discount.Charges));
                }
            }

            foreach (var cap in subscription.Caps ?? [])
            {
                if (cap.Excess(On(cap.Charges)) is var excess and > 0)
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.Cap, cap.Name, subscription.Iccid, 1m, -excess, cap.Id, CategoryOf(cap.Charges));
                }
            }

            foreach (var commitment in subscription.Commitments ?? [])
            {
                if (commitment.TrueUp(On(commitment.Charges)) is var trueUp and > 0)
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.Commitment, commitment.Name, subscription.Iccid, 1m, trueUp, commitment.Id, CategoryOf(commitment.Charges));
                }
            }
        }
    }

    /// <summary>
    /// Tax per line on its rounded amount, at the rate of the line's category in force at the period start, summed
    /// per rate and rounded half-up once per rate. Lines without a category, or whose category has no rate in the
    /// account's jurisdiction, are not taxed.
    /// </summary>
    private static List<InvoiceTax> Taxes(List<InvoiceLine> lines, List<string?> categoryOf, Currency currency, BillingPeriod period, IReadOnlyList<TaxRate> rates)
    {
        var groups = new Dictionary<(string Category, decimal Rate, TaxTreatment Treatment), (decimal Taxable, decimal Tax)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (categoryOf[i] is not string category
                || rates.FirstOrDefault(r => r.Category == category && r.InForceAt(period.StartUtc)) is not { } rate)
            {
                continue;
            }

            var key = (category, rate.Rate, rate.Treatment);
            var current = groups.GetValueOrDefault(key);
            groups[key] = (current.Taxable + lines[i].Amount, current.Tax + rate.TaxOn(lines[i].Amount));
        }

        return groups
            .OrderBy(g => g.Key.Category, StringComparer.Ordinal)
            .Select(g => new InvoiceTax(g.Key.Category, g.Key.Rate, g.Key.Treatment, g.Value.Taxable, g.Value.Tax, new Money(g.Value.Tax, currency).RoundToMinorUnit().Amount))
            .ToList();
    }

    private static void Add(List<InvoiceLine> lines, List<string> chargeOf, List<string?> categoryOf, Currency currency, ChargeKind kind, string description, string iccid, decimal quantity, decimal unrounded, string chargeId, string? category)
    {
        var rounded = new Money(unrounded, currency).RoundToMinorUnit().Amount;
        lines.Add(new InvoiceLine(lines.Count + 1, kind, description, iccid, quantity, unrounded, rounded));
        chargeOf.Add(chargeId);
        categoryOf.Add(category);
    }
}
