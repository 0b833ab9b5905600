using NMcs.Catalog.Model;
using NMcs.Time;
using NodaTime;
using NodaTime.Text;

namespace NMcs.Billing.Recurring;

/// <summary>
/// Works out what a subscription's recurring charges cost from its service timeline. Pure: the bill run passes the
/// timeline as known now, compares the result with what earlier invoices billed (<see cref="RecurringChargeDiffer"/>)
/// and puts the difference on the invoice, so a bill run can be repeated without charging twice.
/// </summary>
/// <remarks>
/// <para>
/// <b>Charge periods.</b> A charge is due once per charge period of its own length (<see cref="ChargePeriod"/>), cut
/// by <see cref="ChargeCycle"/> from the payer's billing cycle: a monthly charge on a monthly:15 cycle runs from the
/// 15th to the 15th, on a quarterly cycle it is three monthly charges per quarter, and an annual charge on a monthly
/// cycle runs over the year aligned to the cycle (January 1 for monthly, January 15 for monthly:15).
/// </para>
/// <para>
/// <b>Proration.</b> With <see cref="ProrationPolicy.Daily"/> each run of days of one product, status and price within
/// a charge period costs <c>price × days ÷ days of that charge period</c> (9.90 a month for 11 days of a 30-day month:
/// 9.90 × 11 ÷ 30 = 3.63), rounded half-up at the currency's minor unit per segment. With
/// <see cref="ProrationPolicy.None"/> any day of service in a charge period costs the whole period's price: one segment
/// spanning the period, active when any day of it is active, otherwise priced by the suspension policy; a plan change
/// inside such a period charges both products in full.
/// </para>
/// <para>
/// <b>Suspension.</b> Suspended days cost the price (<see cref="SuspensionPolicy.Charge"/>, the default), nothing
/// (<see cref="SuspensionPolicy.Free"/>: no segment) or <see cref="RecurringCharge.SuspendedPrice"/> prorated the same way
/// (<see cref="SuspensionPolicy.Reduced"/>). Suspended days under the charge policy read as active: they cost the
/// same, so a suspension neither splits nor corrects their segment.
/// </para>
/// <para>
/// <b>When a segment is due.</b> In advance on its first day of service (the charge period's start, or the activation
/// or change day when later); in arrears on its last day of service (the charge period's last day, or the day before
/// termination, suspension or change when earlier). <see cref="Due"/> returns the segments due in a window of local
/// days; <see cref="ForInvoice"/> uses the windows of an invoice that closes a billing period.
/// </para>
/// </remarks>
public static class RecurringChargeCalculator
{
    /// <summary>The cycle that cuts the charge periods of a <paramref name="period"/> charge for a payer on <paramref name="billingCycle"/>.</summary>
    public static BillingCycle ChargeCycle(ChargePeriod period, BillingCycle billingCycle)
    {
        ArgumentNullException.ThrowIfNull(billingCycle);
        return billingCycle.Aligned(period switch
        {
            ChargePeriod.Weekly => BillingCycleKind.Weekly,
            ChargePeriod.Quarterly => BillingCycleKind.Quarterly,
            ChargePeriod.Annual => BillingCycleKind.Annual,
            _ => BillingCycleKind.Monthly,
        });
    }

    /// <summary>
    /// The segments of every recurring charge on <paramref name="timeline"/> that fall due on a day in
    /// [<paramref name="from"/>, <paramref name="to"/>), ordered by first day, product and charge.
    /// </summary>
    public static IReadOnlyList<RecurringChargeSegment> Due(IReadOnlyList<ServiceInterval> timeline, BillingCycle billingCycle, LocalDate from, LocalDate to, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(billingCycle);
        CheckTimeline(timeline);
        if (to <= from)
        {
            throw new DomainException("INVALID_WINDOW", "to", $"the bill window ends on {Iso(to)}, not after it starts on {Iso(from)}; give a later end.");
        }

        var segments = new List<RecurringChargeSegment>();
        var periods = timeline.SelectMany(i => i.Charges).Select(c => c.Period).Distinct().Order();
        foreach (var period in periods)
        {
            var cycle = ChargeCycle(period, billingCycle);
            for (var start = cycle.PeriodStartFor(from); start < to; start = cycle.NextPeriodStart(start))
            {
                AddPeriod(timeline, period, start, cycle.NextPeriodStart(start), currency, segments);
            }
        }

        return segments
            .Where(s => s.DueOn >= from && s.DueOn < to)
            .OrderBy(s => s.From)
            .ThenBy(s => s.Product, StringComparer.Ordinal)
            .ThenBy(s => s.ChargeId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The segments an invoice closing <paramref name="closing"/> should carry in total for days from
    /// <paramref name="since"/>: in-arrears segments due before the end of <paramref name="closing"/>, in-advance
    /// segments due before the end of the next period. Compare them with the segments earlier invoices billed that are
    /// due on or after <paramref name="since"/> (<see cref="RecurringChargeDiffer.Corrections"/>) to get the invoice's lines.
    /// </summary>
    public static IReadOnlyList<RecurringChargeSegment> ForInvoice(IReadOnlyList<ServiceInterval> timeline, BillingCycle billingCycle, BillingPeriod closing, LocalDate since, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(billingCycle);
        ArgumentNullException.ThrowIfNull(closing);
        var advanceEnd = billingCycle.Next(closing).End;
        if (since >= advanceEnd)
        {
            return [];
        }

        return Due(timeline, billingCycle, since, advanceEnd, currency)
            .Where(s => s.Timing == ChargeTiming.InAdvance || s.DueOn < closing.End)
            .ToList();
    }

    /// <summary>The line text: charge, product, inclusive dates, the proration fraction and the status.</summary>
    internal static string Describe(string name, string product, LocalDate from, LocalDate to, int days, int periodDays, ServiceStatus status)
    {
        var text = $"{name}, {product}, {Iso(from)} to {Iso(to.PlusDays(-1))}";
        if (Math.Abs(days) != periodDays)
        {
            text += $", {Math.Abs(days)} of {periodDays} days";
        }

        if (status == ServiceStatus.Suspended)
        {
            text += ", suspended";
        }

        return days < 0 ? "Credit: " + text : text;
    }

    /// <summary>Builds a segment, computing the prorated and the rounded amount.</summary>
    internal static RecurringChargeSegment Segment(
        string product, RecurringCharge charge, ServiceStatus status, LocalDate periodStart, LocalDate periodEnd, LocalDate from, LocalDate to, int days, decimal price, LocalDate dueOn, Currency currency) =>
        Segment(product, charge.Id, charge.Name, charge.Timing, charge.TaxCategory, status, periodStart, periodEnd, from, to, days, price, dueOn, currency);

    /// <summary>Builds a segment from its printed terms, computing the prorated and the rounded amount.</summary>
    internal static RecurringChargeSegment Segment(
        string product,
        string chargeId,
        string name,
        ChargeTiming timing,
        string? taxCategory,
        ServiceStatus status,
        LocalDate periodStart,
        LocalDate periodEnd,
        LocalDate from,
        LocalDate to,
        int days,
        decimal price,
        LocalDate dueOn,
        Currency currency)
    {
        var periodDays = Period.DaysBetween(periodStart, periodEnd);

        // Multiply before dividing: exact for whole periods and for every fraction the decimal can hold.
        var unrounded = price * days / periodDays;
        return new RecurringChargeSegment(
            product,
            chargeId,
            name,
            timing,
            status,
            periodStart,
            periodEnd,
            from,
            to,
            days,
            periodDays,
            price,
            unrounded,
            new Money(unrounded, currency).RoundToMinorUnit().Amount,
            dueOn,
            Describe(name, product, from, to, days, periodDays, status),
            taxCategory);
    }

    private static void AddPeriod(IReadOnlyList<ServiceInterval> timeline, ChargePeriod kind, LocalDate start, LocalDate end, Currency currency, List<RecurringChargeSegment> segments)
    {
        // The charge's days in this charge period, interval by interval, grouped by product and charge.
        var pieces = new List<(string Product, RecurringCharge Charge, ServiceStatus Status, LocalDate From, LocalDate To)>();
        foreach (var interval in timeline)
        {
            var from = Max(interval.From, start);
            var to = interval.To is { } intervalTo ? Min(intervalTo, end) : end;
            if (from >= to)
            {
                continue;
            }

            foreach (var charge in interval.Charges.Where(c => c.Period == kind))
            {
                pieces.Add((interval.Product, charge, interval.Status, from, to));
            }
        }

        foreach (var group in pieces.GroupBy(p => (p.Product, p.Charge.Id)))
        {
            var list = group.ToList();
            if (list[0].Charge.Proration == ProrationPolicy.None)
            {
                AddWholePeriod(list, start, end, currency, segments);
                continue;
            }

            // Adjacent days with the same status, price and printed terms make one segment.
            (RecurringCharge Charge, ServiceStatus Status, decimal Price, LocalDate From, LocalDate To)? run = null;
            foreach (var piece in list)
            {
                if (PriceFor(piece.Charge, piece.Status) is not var (price, status))
                {
                    continue;
                }

                if (run is { } current && current.To == piece.From && current.Status == status && current.Price == price
                    && current.Charge.Name == piece.Charge.Name && current.Charge.Timing == piece.Charge.Timing && current.Charge.TaxCategory == piece.Charge.TaxCategory)
                {
                    run = current with { To = piece.To };
                    continue;
                }

                Flush(group.Key.Product, run, start, end, currency, segments);
                run = (piece.Charge, status, price, piece.From, piece.To);
            }

            Flush(group.Key.Product, run, start, end, currency, segments);
        }
    }

    private static void Flush(
        string product, (RecurringCharge Charge, ServiceStatus Status, decimal Price, LocalDate From, LocalDate To)? run, LocalDate start, LocalDate end, Currency currency, List<RecurringChargeSegment> segments)
    {
        if (run is not { } r)
        {
            return;
        }

        var dueOn = r.Charge.Timing == ChargeTiming.InAdvance ? r.From : r.To.PlusDays(-1);
        segments.Add(Segment(product, r.Charge, r.Status, start, end, r.From, r.To, Period.DaysBetween(r.From, r.To), r.Price, dueOn, currency));
    }

    /// <summary>No proration: the whole period at the active price when any day is active, else at the suspended price.</summary>
    private static void AddWholePeriod(
        List<(string Product, RecurringCharge Charge, ServiceStatus Status, LocalDate From, LocalDate To)> pieces, LocalDate start, LocalDate end, Currency currency, List<RecurringChargeSegment> segments)
    {
        var active = pieces.FindIndex(p => p.Status == ServiceStatus.Active);
        var (product, charge, _, _, _) = pieces[Math.Max(active, 0)];
        if (PriceFor(charge, pieces[Math.Max(active, 0)].Status) is not var (price, status))
        {
            return;
        }

        var dueOn = charge.Timing == ChargeTiming.InAdvance ? pieces.Min(p => p.From) : pieces.Max(p => p.To).PlusDays(-1);
        segments.Add(Segment(product, charge, status, start, end, start, end, Period.DaysBetween(start, end), price, dueOn, currency));
    }

    /// <summary>
    /// The price per period of <paramref name="charge"/> on days of <paramref name="status"/> and the status they are
    /// priced as (suspended days under the charge policy cost and read as active days); null when they are free.
    /// </summary>
    private static (decimal Price, ServiceStatus PricedAs)? PriceFor(RecurringCharge charge, ServiceStatus status) => (status, charge.Suspension) switch
    {
        (ServiceStatus.Active, _) or (_, SuspensionPolicy.Charge) => (charge.Price, ServiceStatus.Active),
        (_, SuspensionPolicy.Free) => null,
        _ => (charge.SuspendedPrice ?? throw new DomainException(
            "INVALID_RECURRING_CHARGE",
            "suspendedPrice",
            $"recurring charge {charge.Id} has suspension reduced but no suspendedPrice; give the product version a suspendedPrice."), ServiceStatus.Suspended),
    };

    private static void CheckTimeline(IReadOnlyList<ServiceInterval> timeline)
    {
        for (var i = 0; i < timeline.Count; i++)
        {
            var interval = timeline[i];
            if (interval.To is { } to && to <= interval.From)
            {
                throw new DomainException("INVALID_SERVICE_TIMELINE", "timeline", $"service interval {i} ends on {Iso(to)}, not after it starts on {Iso(interval.From)}.");
            }

            if (i > 0 && (timeline[i - 1].To is not { } previousTo || previousTo > interval.From))
            {
                throw new DomainException(
                    "INVALID_SERVICE_TIMELINE",
                    "timeline",
                    $"service interval {i} starts on {Iso(interval.From)}, before interval {i - 1} ends; give the intervals in order without overlaps.");
            }
        }
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
