using System.Globalization;
using NMcs.Catalog.Model;
using NMcs.Time;

namespace NMcs.Billing;

/// <summary>
/// Composes a payer's invoice for one billing period from its subscriptions and unbilled rated usage. Pure: the
/// bill run gathers the inputs and issues the result.
/// </summary>
/// <remarks>
/// Rules of this version: recurring charges come as segments worked out by the bill run (day-based proration,
/// corrections of earlier invoices); one-time fees as the bill run found them due; usage is summed unrounded per SIM
/// and catalog charge and rounded once per line; volume-tier true-ups of the closing cycle, then discounts, caps and
/// commitment true-ups follow as their own lines, then taxes per rate. Every line is rounded half-up at the currency's minor unit, and the subtotal is the sum of
/// the rounded lines, so the invoice adds up as printed.
/// </remarks>
public static class InvoiceComposer
{
    /// <summary>
    /// Composes the invoice draft: a section per account (the payer's own first, then its child accounts by id), each
    /// with its recurring segments and one-time fees per SIM, its usage, late usage and volume true-ups, then its
    /// discounts, caps and commitments; taxes over all lines at the end.
    /// </summary>
    public static InvoiceDraft Compose(
        Currency currency,
        BillingPeriod period,
        IEnumerable<BillableSubscription> subscriptions,
        IEnumerable<UsageTotal> usage,
        IReadOnlyList<TaxRate>? taxRates = null,
        IEnumerable<UsageTrueUp>? trueUps = null,
        string payerAccountId = "")
    {
        ArgumentNullException.ThrowIfNull(period);
        var subscriptionList = subscriptions.OrderBy(s => s.Iccid, StringComparer.Ordinal).ToList();
        var usageList = usage.ToList();
        var trueUpList = (trueUps ?? []).ToList();
        var sections = subscriptionList.Select(s => s.AccountId)
            .Concat(usageList.Select(u => u.AccountId))
            .Concat(trueUpList.Select(t => t.AccountId))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(a => a != payerAccountId)
            .ThenBy(a => a, StringComparer.Ordinal)
            .ToList();
        var lines = new List<InvoiceLine>();
        var chargeOf = new List<string>();
        var categoryOf = new List<string?>();
        var cycleOf = new List<(int Cycle, DateTimeOffset Start)>();
        foreach (var subscription in subscriptionList.Where(s => s.Currency != currency))
        {
            throw new DomainException(
                "CURRENCY_MISMATCH",
                "currency",
                $"product {subscription.ProductName} is priced in {subscription.Currency} but the account bills in {currency}; activate a product in the account's currency.");
        }

        foreach (var section in sections)
        {
            var sectionSubscriptions = subscriptionList.Where(s => s.AccountId == section).ToList();
            foreach (var subscription in sectionSubscriptions)
            {
                var own = (subscription.CycleNumber, period.StartUtc);
                for (var i = 0; i < subscription.Recurring.Count; i++)
                {
                    var segment = subscription.Recurring[i];
                    if (segment.UnroundedAmount != 0)
                    {
                        cycleOf.Add(subscription.RecurringCycles is { } cycles && i < cycles.Count ? cycles[i] : own);
                        Add(lines, chargeOf, categoryOf, currency, ChargeKind.RecurringCharge, segment.Description, subscription.Iccid, segment.Days, segment.UnroundedAmount, segment.ChargeId, segment.TaxCategory, section);
                    }
                }

                foreach (var fee in subscription.OneTimeFees.Where(f => f.Amount != 0))
                {
                    cycleOf.Add(own);
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.OneTimeCharge, $"{subscription.ProductName} {fee.Name}", subscription.Iccid, 1m, fee.Amount, fee.ChargeId, fee.TaxCategory, section);
                }
            }

            foreach (var total in usageList.Where(u => u.AccountId == section).OrderBy(u => u.LatePeriod is not null).ThenBy(u => u.LatePeriod, StringComparer.Ordinal).ThenBy(u => u.Iccid, StringComparer.Ordinal).ThenBy(u => u.ChargeId, StringComparer.Ordinal))
            {
                var description = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{total.Name}, {total.Records} records, {total.BillableUnits} {total.RateUnit} billable");
                var kind = ChargeKind.UsageCharge;
                if (total.LatePeriod is { } late)
                {
                    description += $", late usage of period {late}";
                    kind = ChargeKind.LateUsage;
                }

                Add(lines, chargeOf, categoryOf, currency, kind, description, total.Iccid, total.BillableUnits, total.Amount, total.ChargeId, total.TaxCategory, section);
            }

            foreach (var trueUp in trueUpList.Where(t => t.AccountId == section).OrderBy(t => t.Iccid, StringComparer.Ordinal).ThenBy(t => t.ChargeId, StringComparer.Ordinal))
            {
                Add(lines, chargeOf, categoryOf, currency, ChargeKind.VolumeTrueUp, trueUp.Description, trueUp.Iccid, trueUp.Units, trueUp.Amount, trueUp.ChargeId, trueUp.TaxCategory, section);
            }

            // Usage and true-ups belong to the cycle being closed.
            while (cycleOf.Count < lines.Count)
            {
                var iccid = lines[cycleOf.Count].Iccid;
                cycleOf.Add((sectionSubscriptions.Find(s => s.Iccid == iccid)?.CycleNumber ?? 1, period.StartUtc));
            }

            AddAdjustments(lines, chargeOf, categoryOf, cycleOf, currency, sectionSubscriptions, section);
            while (cycleOf.Count < lines.Count)
            {
                cycleOf.Add((0, period.StartUtc));
            }
        }

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
    private static void AddAdjustments(List<InvoiceLine> lines, List<string> chargeOf, List<string?> categoryOf, List<(int Cycle, DateTimeOffset Start)> cycleOf, Currency currency, List<BillableSubscription> subscriptions, string section)
    {
        foreach (var subscription in subscriptions)
        {
            while (cycleOf.Count < lines.Count)
            {
                // Adjustment lines added for an earlier subscription: not charges, never adjusted again.
                cycleOf.Add((0, default));
            }

            var charged = lines.Select((line, i) => (line, charge: chargeOf[i], category: categoryOf[i], cycle: cycleOf[i]))
                .Where(x => x.line.Iccid == subscription.Iccid && x.line.AccountId == section && x.line.Kind is ChargeKind.RecurringCharge or ChargeKind.OneTimeCharge or ChargeKind.UsageCharge or ChargeKind.VolumeTrueUp)
                .ToList();
            decimal On(IReadOnlyList<string> charges) => charged.Where(x => charges.Count == 0 || charges.Contains(x.charge)).Sum(x => x.line.Amount);

            // An adjustment is taxed like the charges it adjusts (the first of them on the invoice).
            string? CategoryOf(IReadOnlyList<string> charges) => charged.FirstOrDefault(x => charges.Count == 0 || charges.Contains(x.charge)).category;

            foreach (var discount in subscription.Discounts ?? [])
            {
                // Per cycle of the lines it covers: a fee billed in advance for the next cycle is discounted only if
                // that cycle still qualifies, and a fixed amount comes off once per cycle.
                var off = charged
                    .Where(x => (discount.Charges.Count == 0 || discount.Charges.Contains(x.charge)) && discount.AppliesTo(x.cycle.Cycle, x.cycle.Start))
                    .GroupBy(x => x.cycle.Cycle)
                    .Sum(g => discount.AmountOff(g.Sum(x => x.line.Amount)));
                if (off > 0)
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.Discount, discount.Name, subscription.Iccid, 1m, -off, discount.Id, CategoryOf(discount.Charges), section);
                }
            }

            foreach (var cap in subscription.Caps ?? [])
            {
                if (cap.Excess(On(cap.Charges)) is var excess and > 0)
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.Cap, cap.Name, subscription.Iccid, 1m, -excess, cap.Id, CategoryOf(cap.Charges), section);
                }
            }

            foreach (var commitment in subscription.Commitments ?? [])
            {
                if (commitment.TrueUp(On(commitment.Charges)) is var trueUp and > 0)
                {
                    Add(lines, chargeOf, categoryOf, currency, ChargeKind.Commitment, commitment.Name, subscription.Iccid, 1m, trueUp, commitment.Id, CategoryOf(commitment.Charges), section);
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

    private static void Add(List<InvoiceLine> lines, List<string> chargeOf, List<string?> categoryOf, Currency currency, ChargeKind kind, string description, string iccid, decimal quantity, decimal unrounded, string chargeId, string? category, string accountId)
    {
        var rounded = new Money(unrounded, currency).RoundToMinorUnit().Amount;
        lines.Add(new InvoiceLine(lines.Count + 1, kind, description, iccid, quantity, unrounded, rounded, accountId));
        chargeOf.Add(chargeId);
        categoryOf.Add(category);
    }
}
