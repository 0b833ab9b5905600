using NodaTime;

namespace NMcs.Time;

/// <summary>
/// A billing period in the account's time zone, from local midnight of <see cref="Start"/> to local midnight of
/// <see cref="End"/>. Monthly periods from the first of a month are identified by <see cref="Key"/> "2026-03";
/// periods of other cycles (<see cref="BillingCycle"/>) by their start date, "2026-03-15".
/// </summary>
/// <param name="Start">First local day of the period.</param>
/// <param name="End">First local day after the period.</param>
/// <param name="TimeZoneId">IANA time zone the period is cut in.</param>
/// <param name="StartUtc">Instant the period starts.</param>
/// <param name="EndUtc">Instant the period ends (exclusive).</param>
public sealed record BillingPeriod(LocalDate Start, LocalDate End, string TimeZoneId, DateTimeOffset StartUtc, DateTimeOffset EndUtc)
{
    /// <summary>
    /// Period id: the year and month of <see cref="Start"/> (2026-03) for a period from the first of a month to the
    /// first of the next, otherwise the start date (2026-03-15).
    /// </summary>
    public string Key => Start.Day == 1 && End == Start.PlusMonths(1)
        ? $"{Start.Year:D4}-{Start.Month:D2}"
        : $"{Start.Year:D4}-{Start.Month:D2}-{Start.Day:D2}";

    /// <summary>The monthly period containing <paramref name="at"/> in <paramref name="timeZoneId"/>.</summary>
    public static BillingPeriod MonthlyContaining(DateTimeOffset at, string timeZoneId)
    {
        var zone = Zone(timeZoneId);
        var local = Instant.FromDateTimeOffset(at).InZone(zone).Date;
        return Monthly(local.Year, local.Month, timeZoneId);
    }

    /// <summary>The monthly period of <paramref name="year"/>-<paramref name="month"/> in <paramref name="timeZoneId"/>.</summary>
    public static BillingPeriod Monthly(int year, int month, string timeZoneId)
    {
        var start = new LocalDate(year, month, 1);
        return FromDates(start, start.PlusMonths(1), timeZoneId);
    }

    /// <summary>The period from local midnight of <paramref name="start"/> to local midnight of <paramref name="end"/> in <paramref name="timeZoneId"/>.</summary>
    public static BillingPeriod FromDates(LocalDate start, LocalDate end, string timeZoneId)
    {
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"a period ends after it starts ({start}).");
        }

        // AtStartOfDay is the first instant of the day, also where a transition skips midnight.
        var zone = Zone(timeZoneId);
        return new BillingPeriod(
            start,
            end,
            timeZoneId,
            zone.AtStartOfDay(start).ToDateTimeOffset().ToUniversalTime(),
            zone.AtStartOfDay(end).ToDateTimeOffset().ToUniversalTime());
    }

    /// <summary>Parses a period key "YYYY-MM"; names <paramref name="field"/> when it is malformed.</summary>
    public static BillingPeriod Parse(string? key, string timeZoneId, string field = "period")
    {
        if (key is { Length: 7 } && key[4] == '-'
            && int.TryParse(key.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && int.TryParse(key.AsSpan(5, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
            && year is >= 2000 and <= 9998 && month is >= 1 and <= 12)
        {
            return Monthly(year, month, timeZoneId);
        }

        throw new DomainException("INVALID_PERIOD", field, $"{field} '{key}' must be a month written YYYY-MM, e.g. 2026-03.");
    }

    /// <summary>
    /// Parses a period key of <paramref name="cycle"/>: a period's start date "YYYY-MM-DD", or "YYYY-MM" for monthly
    /// cycles from the first of the month (see <see cref="BillingCycle.ParseKey"/>).
    /// </summary>
    public static BillingPeriod Parse(string? key, string timeZoneId, BillingCycle cycle, string field = "period")
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return cycle.ParseKey(key, timeZoneId, field);
    }

    /// <summary>
    /// Checks that <paramref name="key"/> is written like a period key of some cycle ("YYYY-MM" or "YYYY-MM-DD"),
    /// naming <paramref name="field"/> when it is not; whether it starts a period of a given payer's cycle is checked
    /// against that cycle (<see cref="Parse(string?, string, BillingCycle, string)"/>).
    /// </summary>
    public static void CheckKeyFormat(string? key, string field = "period")
    {
        if (key is { Length: 7 })
        {
            Parse(key, "UTC", field);
            return;
        }

        if (key is not { Length: 10 } || !NodaTime.Text.LocalDatePattern.Iso.Parse(key).Success)
        {
            throw new DomainException("INVALID_PERIOD", field, $"{field} '{key}' must be a period key: YYYY-MM for a calendar month (e.g. 2026-03), otherwise the period's first day YYYY-MM-DD (e.g. 2026-03-15).");
        }
    }

    /// <summary>True when <paramref name="at"/> falls inside the period.</summary>
    public bool Contains(DateTimeOffset at) => at >= StartUtc && at < EndUtc;

    /// <summary>Resolves an IANA time zone id; refuses unknown ids naming <paramref name="field"/>.</summary>
    public static DateTimeZone Zone(string timeZoneId, string field = "timeZone") =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId)
        ?? throw new DomainException("INVALID_TIME_ZONE", field, $"{field} '{timeZoneId}' is not an IANA time zone id; use one such as Europe/Berlin or UTC.");
}
