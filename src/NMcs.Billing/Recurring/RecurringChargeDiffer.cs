using NodaTime;

namespace NMcs.Billing.Recurring;

/// <summary>
/// Compares the recurring-charge segments due for a span with those earlier invoices billed for it and returns the
/// corrections: credits (negative days and amounts) for days billed but no longer due — after a termination, a
/// suspension under a cheaper policy, or a plan change — and charges for days due but not billed yet. Billing the
/// corrections makes the billed days equal the due days, so running it again returns nothing.
/// </summary>
/// <remarks>
/// Days are compared per product, charge, charge period and price: a plan change credits the old product's unused
/// days at the old price and charges the new product's days at the new one ("credit for the unused old plan, charge
/// for the new"), while a suspension whose policy keeps the price changes nothing. Each correction is prorated and
/// rounded on its own, like every line, so a period corrected in parts may differ by a minor unit from the same period
/// billed at once. Pass the billed segments of the same span: those whose <see cref="RecurringChargeSegment.DueOn"/>
/// lies in the window the due segments were computed for.
/// </remarks>
public static class RecurringChargeDiffer
{
    /// <summary>The correction segments that turn <paramref name="billed"/> into <paramref name="due"/>, by first day, credits first.</summary>
    public static IReadOnlyList<RecurringChargeSegment> Corrections(IEnumerable<RecurringChargeSegment> due, IEnumerable<RecurringChargeSegment> billed, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(billed);
        var keys = new Dictionary<(string Product, string ChargeId, LocalDate PeriodStart, LocalDate PeriodEnd, decimal Price), Coverage>();
        Coverage For(RecurringChargeSegment s)
        {
            var key = (s.Product, s.ChargeId, s.PeriodStart, s.PeriodEnd, s.Price);
            if (!keys.TryGetValue(key, out var coverage))
            {
                coverage = new Coverage(Period.DaysBetween(s.PeriodStart, s.PeriodEnd));
                keys[key] = coverage;
            }

            return coverage;
        }

        foreach (var segment in due)
        {
            For(segment).Add(segment, isDue: true);
        }

        foreach (var segment in billed)
        {
            For(segment).Add(segment, isDue: false);
        }

        var corrections = new List<RecurringChargeSegment>();
        foreach (var ((product, _, periodStart, periodEnd, price), coverage) in keys)
        {
            coverage.AddCorrections(product, periodStart, periodEnd, price, currency, corrections);
        }

        return corrections
            .OrderBy(s => s.From)
            .ThenBy(s => s.Days > 0)
            .ThenBy(s => s.Product, StringComparer.Ordinal)
            .ThenBy(s => s.ChargeId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Per day of one charge period: how often it is due and billed, and the segments that say so.</summary>
    private sealed class Coverage(int periodDays)
    {
        private readonly int[] _due = new int[periodDays];
        private readonly int[] _billed = new int[periodDays];
        private readonly RecurringChargeSegment?[] _dueSource = new RecurringChargeSegment?[periodDays];
        private readonly RecurringChargeSegment?[] _billedSource = new RecurringChargeSegment?[periodDays];

        public void Add(RecurringChargeSegment segment, bool isDue)
        {
            var first = Math.Max(0, Period.DaysBetween(segment.PeriodStart, segment.From));
            var last = Math.Min(periodDays, Period.DaysBetween(segment.PeriodStart, segment.To));
            var sign = Math.Sign(segment.Days);
            for (var day = first; day < last; day++)
            {
                (isDue ? _due : _billed)[day] += sign;

                // Credits name the segment they take back: the last positive one billed for the day.
                if (isDue)
                {
                    _dueSource[day] ??= segment;
                }
                else if (sign > 0)
                {
                    _billedSource[day] = segment;
                }
                else
                {
                    _billedSource[day] ??= segment;
                }
            }
        }

        public void AddCorrections(string product, LocalDate periodStart, LocalDate periodEnd, decimal price, Currency currency, List<RecurringChargeSegment> corrections)
        {
            var runStart = 0;
            for (var day = 1; day <= periodDays; day++)
            {
                if (day < periodDays && Delta(day) == Delta(runStart) && ReferenceEquals(Source(day), Source(runStart)))
                {
                    continue;
                }

                if (Delta(runStart) is var delta and not 0 && Source(runStart) is { } source)
                {
                    corrections.Add(RecurringChargeCalculator.Segment(
                        product,
                        source.ChargeId,
                        source.Name,
                        source.Timing,
                        source.TaxCategory,
                        source.Status,
                        periodStart,
                        periodEnd,
                        periodStart.PlusDays(runStart),
                        periodStart.PlusDays(day),
                        delta * (day - runStart),
                        price,
                        source.DueOn,
                        currency));
                }

                runStart = day;
            }
        }

        private int Delta(int day) => _due[day] - _billed[day];

        private RecurringChargeSegment? Source(int day) => Delta(day) > 0 ? _dueSource[day] : Delta(day) < 0 ? _billedSource[day] : null;
    }
}
