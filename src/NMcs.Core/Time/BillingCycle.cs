using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace NMcs.Time;

/// <summary>
/// How a payer's billing periods are cut: monthly on a bill-cycle day, quarterly or annual (calendar or anniversary),
/// or weekly from a weekday. Periods run from local midnight to local midnight in the payer's IANA time zone, which
/// every operation that returns a <see cref="BillingPeriod"/> takes.
/// </summary>
/// <remarks>
/// <para>
/// Every period starts on a date of the form <see cref="Anchor"/> plus a whole number of periods, and ends where the
/// next one starts. Month-based cycles start on the anchor's day of the month, or on the month's last day when the
/// month is shorter; they never drift, because each start is computed from the anchor, not from the previous start.
/// The consequences for short months:
/// </para>
/// <list type="bullet">
/// <item><description>A bill-cycle day is 1 to 28, so it exists in every month; 29, 30 and 31 are refused.</description></item>
/// <item><description><c>monthly:last</c> starts every period on the month's last day: Jan 31, Feb 28 (29 in a leap year), Mar 31, Apr 30.</description></item>
/// <item><description>An anniversary on the 29th to 31st falls on the last day of shorter months and returns to its day
/// afterwards: quarterly from Nov 30 starts Feb 28, May 30, Aug 30, Nov 30.</description></item>
/// <item><description>An annual anniversary on Feb 29 falls on Feb 28 in years that are not leap years and on Feb 29 in leap years.</description></item>
/// </list>
/// <para>
/// The textual form (<see cref="Parse"/>, <see cref="ToString"/>) is what configuration and GraphQL use:
/// <c>monthly</c> (day 1), <c>monthly:15</c>, <c>monthly:last</c>, <c>monthly:anniversary:2026-01-30</c>,
/// <c>quarterly</c> (calendar), <c>quarterly:anniversary:2026-02-10</c>, <c>annual</c> (calendar),
/// <c>annual:anniversary:2026-02-10</c>, <c>weekly:monday</c> … <c>weekly:sunday</c> (<c>weekly</c> alone is Monday).
/// </para>
/// </remarks>
public sealed record BillingCycle
{
    private const string Forms = "monthly, monthly:15, monthly:last, quarterly, quarterly:anniversary:2026-02-10, annual, annual:anniversary:2026-02-10 or weekly:monday";

    // Calendar cycles are anchored on a January 1; weekly cycles on the first such weekday of 2000-01-03 (a Monday).
    private static readonly LocalDate CalendarAnchor = new(2000, 1, 1);
    private static readonly LocalDate FirstMonday = new(2000, 1, 3);

    private BillingCycle(BillingCycleKind kind, LocalDate anchor, bool isAnniversary)
    {
        Kind = kind;
        Anchor = anchor;
        IsAnniversary = isAnniversary;
    }

    /// <summary>Monthly from the first of the month: the platform's cycle when a payer names none.</summary>
    public static BillingCycle Default { get; } = Monthly(1);

    /// <summary>Length of the periods.</summary>
    public BillingCycleKind Kind { get; }

    /// <summary>
    /// A date on which a period starts; every other start is this date plus whole periods. For a bill-cycle day
    /// <c>d</c> it is 2000-01-<c>d</c> (2000-01-31 for the last day), for calendar quarters and years 2000-01-01, for
    /// weekly cycles the first such weekday from 2000-01-03, and for anniversaries the date given.
    /// </summary>
    public LocalDate Anchor { get; }

    /// <summary>True when the periods are anchored on an anniversary date rather than a bill-cycle day or the calendar.</summary>
    public bool IsAnniversary { get; }

    /// <summary>The first weekday of a weekly cycle's periods; null for month-based cycles.</summary>
    public IsoDayOfWeek? Weekday => Kind == BillingCycleKind.Weekly ? Anchor.DayOfWeek : null;

    private int MonthsPerPeriod => Kind switch
    {
        BillingCycleKind.Quarterly => 3,
        BillingCycleKind.Annual => 12,
        _ => 1,
    };

    /// <summary>Monthly on <paramref name="billCycleDay"/> (1 to 28): each period starts on that day of the month.</summary>
    public static BillingCycle Monthly(int billCycleDay = 1)
    {
        if (billCycleDay is < 1 or > 28)
        {
            throw new DomainException(
                "INVALID_BILLING_CYCLE",
                "billCycleDay",
                $"billCycleDay {billCycleDay} must be from 1 to 28, a day every month has; use the last day of the month (monthly:last) for month ends.");
        }

        return new BillingCycle(BillingCycleKind.Monthly, new LocalDate(2000, 1, billCycleDay), isAnniversary: false);
    }

    /// <summary>Monthly on the last day of the month: Jan 31, Feb 28 or 29, Mar 31, Apr 30, …</summary>
    public static BillingCycle MonthlyOnLastDay() => new(BillingCycleKind.Monthly, new LocalDate(2000, 1, 31), isAnniversary: false);

    /// <summary>Calendar quarters: January, April, July and October 1.</summary>
    public static BillingCycle Quarterly() => new(BillingCycleKind.Quarterly, CalendarAnchor, isAnniversary: false);

    /// <summary>Calendar years from January 1.</summary>
    public static BillingCycle Annual() => new(BillingCycleKind.Annual, CalendarAnchor, isAnniversary: false);

    /// <summary>
    /// Periods of <paramref name="kind"/> (monthly, quarterly or annual) starting on <paramref name="anchor"/> and on the
    /// same day of every month, quarter or year from it (the month's last day when it is shorter).
    /// </summary>
    public static BillingCycle Anniversary(BillingCycleKind kind, LocalDate anchor)
    {
        if (kind == BillingCycleKind.Weekly)
        {
            throw new DomainException("INVALID_BILLING_CYCLE", "billingCycle", "a weekly cycle has no anniversary; give its first weekday instead, e.g. weekly:monday.");
        }

        return new BillingCycle(kind, anchor, isAnniversary: true);
    }

    /// <summary>Weekly, each period starting on <paramref name="firstDay"/> (ISO weeks when Monday).</summary>
    public static BillingCycle Weekly(IsoDayOfWeek firstDay = IsoDayOfWeek.Monday)
    {
        if (firstDay == IsoDayOfWeek.None)
        {
            throw new DomainException("INVALID_BILLING_CYCLE", "billingCycle", "a weekly cycle needs a first weekday, e.g. weekly:monday.");
        }

        return new BillingCycle(BillingCycleKind.Weekly, FirstMonday.PlusDays((int)firstDay - 1), isAnniversary: false);
    }

    /// <summary>
    /// Parses the textual form (see the remarks of <see cref="BillingCycle"/>), ignoring case; refuses anything else
    /// with <c>INVALID_BILLING_CYCLE</c> naming <paramref name="field"/> and the accepted forms.
    /// </summary>
    public static BillingCycle Parse(string? text, string field = "billingCycle")
    {
        if (string.IsNullOrEmpty(text))
        {
            throw Invalid(field, $"{field} is required: write {Forms}.");
        }

        var parts = text.Split(':');
        var kind = parts[0];
        if (Is(kind, "monthly"))
        {
            return parts switch
            {
                [_] => Monthly(1),
                [_, var day] when Is(day, "last") => MonthlyOnLastDay(),
                [_, var day] when int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && day.Length <= 2 => number switch
                {
                    >= 1 and <= 28 => Monthly(number),
                    >= 29 and <= 31 => throw Invalid(field, $"{field} '{text}' has bill-cycle day {number}, which not every month has; use a day from 1 to 28, or monthly:last for the last day of every month."),
                    _ => throw Invalid(field, $"{field} '{text}' needs a bill-cycle day from 1 to 28 or last, e.g. monthly:15."),
                },
                [_, var anniversary, var date] when Is(anniversary, "anniversary") => Anniversary(BillingCycleKind.Monthly, AnchorDate(date, text, field)),
                _ => throw Invalid(field, $"{field} '{text}' needs a bill-cycle day from 1 to 28 or last, e.g. monthly:15, or an anniversary date, e.g. monthly:anniversary:2026-01-30."),
            };
        }

        if (Is(kind, "quarterly") || Is(kind, "annual"))
        {
            var cycleKind = Is(kind, "quarterly") ? BillingCycleKind.Quarterly : BillingCycleKind.Annual;
            var calendar = cycleKind == BillingCycleKind.Quarterly ? Quarterly() : Annual();
            var name = cycleKind == BillingCycleKind.Quarterly ? "quarterly" : "annual";
            return parts switch
            {
                [_] => calendar,
                [_, var form] when Is(form, "calendar") => calendar,
                [_, var form, var date] when Is(form, "anniversary") => Anniversary(cycleKind, AnchorDate(date, text, field)),
                _ => throw Invalid(field, $"{field} '{text}' must be {name} (calendar {(cycleKind == BillingCycleKind.Quarterly ? "quarters from January, April, July and October 1" : "years from January 1")}) or {name}:anniversary:YYYY-MM-DD, e.g. {name}:anniversary:2026-02-10."),
            };
        }

        if (Is(kind, "weekly"))
        {
            if (parts.Length == 1)
            {
                return Weekly(IsoDayOfWeek.Monday);
            }

            if (parts.Length == 2)
            {
                for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
                {
                    if (Is(parts[1], day.ToString()))
                    {
                        return Weekly(day);
                    }
                }
            }

            throw Invalid(field, $"{field} '{text}' must name the first weekday of the week, e.g. weekly:monday (monday to sunday).");
        }

        throw Invalid(field, $"{field} '{text}' is not a billing cycle; write {Forms}.");
    }

    /// <summary>The canonical textual form, e.g. <c>monthly:15</c>; <see cref="Parse"/> reads it back to an equal cycle.</summary>
    public override string ToString() => Kind switch
    {
        BillingCycleKind.Weekly => "weekly:" + Anchor.DayOfWeek.ToString().ToLowerInvariant(),
        _ when IsAnniversary => $"{KindName(Kind)}:anniversary:{Iso(Anchor)}",
        BillingCycleKind.Monthly => Anchor.Day switch
        {
            1 => "monthly",
            31 => "monthly:last",
            var day => "monthly:" + day.ToString(CultureInfo.InvariantCulture),
        },
        _ => KindName(Kind),
    };

    /// <summary>
    /// The cycle of <paramref name="kind"/> whose periods line up with this cycle's: a longer cycle starts on one of this
    /// cycle's starts and a shorter one divides each period. Month-based cycles keep the anchor (so monthly:15 gives
    /// quarters and years starting on the 15th of January, April, …); a weekly cycle keeps its weekday; weeks of a
    /// month-based cycle are ISO weeks from Monday, and months, quarters and years of a weekly cycle are calendar ones.
    /// Recurring charges use it to cut their charge periods from the payer's cycle.
    /// </summary>
    public BillingCycle Aligned(BillingCycleKind kind)
    {
        if (kind == Kind)
        {
            return this;
        }

        if (kind == BillingCycleKind.Weekly)
        {
            return Weekly(IsoDayOfWeek.Monday);
        }

        if (Kind == BillingCycleKind.Weekly)
        {
            return kind switch
            {
                BillingCycleKind.Monthly => Monthly(1),
                BillingCycleKind.Quarterly => Quarterly(),
                _ => Annual(),
            };
        }

        if (kind == BillingCycleKind.Monthly)
        {
            return Anchor.Day switch
            {
                <= 28 => Monthly(Anchor.Day),
                31 => MonthlyOnLastDay(),
                _ => Anniversary(kind, Anchor),
            };
        }

        var months = kind == BillingCycleKind.Quarterly ? 3 : 12;
        return Anchor.Day == 1 && Mod(MonthIndex(Anchor), months) == 0
            ? (kind == BillingCycleKind.Quarterly ? Quarterly() : Annual())
            : Anniversary(kind, Anchor);
    }

    /// <summary>True when a period of this cycle starts on <paramref name="date"/>.</summary>
    public bool IsPeriodStart(LocalDate date) => PeriodStartFor(date) == date;

    /// <summary>The first day of the period that contains <paramref name="date"/>.</summary>
    public LocalDate PeriodStartFor(LocalDate date)
    {
        if (Kind == BillingCycleKind.Weekly)
        {
            var days = Period.DaysBetween(Anchor, date);
            return date.PlusDays(-Mod(days, 7));
        }

        var months = MonthsPerPeriod;
        var month = MonthIndex(date);
        var startMonth = month - Mod(month - MonthIndex(Anchor), months);
        var start = StartInMonth(startMonth);
        return start <= date ? start : StartInMonth(startMonth - months);
    }

    /// <summary>The first period start after <paramref name="date"/> (the end of the period containing it).</summary>
    public LocalDate NextPeriodStart(LocalDate date)
    {
        var start = PeriodStartFor(date);
        return Kind == BillingCycleKind.Weekly ? start.PlusDays(7) : StartInMonth(MonthIndex(start) + MonthsPerPeriod);
    }

    /// <summary>The period containing <paramref name="at"/>, by its local date in <paramref name="timeZoneId"/>.</summary>
    public BillingPeriod Containing(DateTimeOffset at, string timeZoneId)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(BillingPeriod.Zone(timeZoneId)).Date;
        return ContainingDate(local, timeZoneId);
    }

    /// <summary>The period containing the local date <paramref name="date"/>, cut in <paramref name="timeZoneId"/>.</summary>
    public BillingPeriod ContainingDate(LocalDate date, string timeZoneId)
    {
        var start = PeriodStartFor(date);
        return BillingPeriod.FromDates(start, NextPeriodStart(start), timeZoneId);
    }

    /// <summary>The period starting on <paramref name="start"/>; refuses a date no period starts on, naming <paramref name="field"/>.</summary>
    public BillingPeriod StartingOn(LocalDate start, string timeZoneId, string field = "period")
    {
        if (!IsPeriodStart(start))
        {
            throw new DomainException(
                "INVALID_PERIOD",
                field,
                $"{field} {Iso(start)} is not the first day of a {this} period; the period containing it starts {Iso(PeriodStartFor(start))}.");
        }

        return ContainingDate(start, timeZoneId);
    }

    /// <summary>The first period starting on or after the end of <paramref name="period"/> (the next one, for a period of this cycle).</summary>
    public BillingPeriod Next(BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var start = IsPeriodStart(period.End) ? period.End : NextPeriodStart(period.End);
        return ContainingDate(start, period.TimeZoneId);
    }

    /// <summary>The last period ending on or before the start of <paramref name="period"/> (the previous one, for a period of this cycle).</summary>
    public BillingPeriod Previous(BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var end = PeriodStartFor(period.Start);
        return ContainingDate(end.PlusDays(-1), period.TimeZoneId);
    }

    /// <summary>
    /// Parses a period key of this cycle: the start date <c>YYYY-MM-DD</c> of one of its periods, or for monthly
    /// cycles from the first of the month also <c>YYYY-MM</c>. Refuses other keys with <c>INVALID_PERIOD</c> naming
    /// <paramref name="field"/>.
    /// </summary>
    public BillingPeriod ParseKey(string? key, string timeZoneId, string field = "period")
    {
        var monthKeys = Kind == BillingCycleKind.Monthly && Anchor.Day == 1;
        if (key is { Length: 7 } && monthKeys)
        {
            return BillingPeriod.Parse(key, timeZoneId, field);
        }

        var example = Iso(PeriodStartFor(new LocalDate(2026, 3, 15)));
        if (key is { Length: 10 } && LocalDatePattern.Iso.Parse(key) is { Success: true } parsed && parsed.Value.Year is >= 2000 and <= 9998)
        {
            return StartingOn(parsed.Value, timeZoneId, field);
        }

        if (key is { Length: 7 } && key[4] == '-')
        {
            throw new DomainException(
                "INVALID_PERIOD",
                field,
                $"{field} '{key}' names a month, but {this} periods do not start on the first of the month; write the period's start date YYYY-MM-DD, e.g. {example}.");
        }

        throw new DomainException(
            "INVALID_PERIOD",
            field,
            $"{field} '{key}' must be the start date of a {this} period written YYYY-MM-DD{(monthKeys ? " or a month written YYYY-MM" : "")}, e.g. {example}.");
    }

    private static LocalDate AnchorDate(string text, string cycle, string field)
    {
        if (LocalDatePattern.Iso.Parse(text) is { Success: true } parsed && text.Length == 10)
        {
            return parsed.Value;
        }

        throw Invalid(field, $"{field} '{cycle}' has anniversary date '{text}', which is not a date; write YYYY-MM-DD, e.g. 2026-02-10.");
    }

    private static DomainException Invalid(string field, string message) => new("INVALID_BILLING_CYCLE", field, message);

    private static bool Is(string text, string word) => string.Equals(text, word, StringComparison.OrdinalIgnoreCase);

    private static string KindName(BillingCycleKind kind) => kind switch
    {
        BillingCycleKind.Monthly => "monthly",
        BillingCycleKind.Quarterly => "quarterly",
        BillingCycleKind.Annual => "annual",
        _ => "weekly",
    };

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static int MonthIndex(LocalDate date) => (date.Year * 12) + date.Month - 1;

    private static int Mod(int value, int divisor) => ((value % divisor) + divisor) % divisor;

    /// <summary>The period start in the month numbered <paramref name="monthIndex"/>: the anchor's day, or the month's last day.</summary>
    private LocalDate StartInMonth(int monthIndex)
    {
        var year = (monthIndex - Mod(monthIndex, 12)) / 12;
        var month = Mod(monthIndex, 12) + 1;
        return new LocalDate(year, month, Math.Min(Anchor.Day, CalendarSystem.Iso.GetDaysInMonth(year, month)));
    }
}
