using NodaTime;

namespace NMcs.Time;

/// <summary>
/// A monthly billing period in the account's time zone: from the first day of a month at local midnight to the
/// first day of the next. Identified by <see cref="Key"/> ("2026-03").
/// </summary>
/// <param name="Start">First local day of the period.</param>
/// <param name="End">First local day after the period.</param>
/// <param name="TimeZoneId">IANA time zone the period is cut in.</param>
/// <param name="StartUtc">Instant the period starts.</param>
/// <param name="EndUtc">Instant the period ends (exclusive).</param>
public sealed record BillingPeriod(LocalDate Start, LocalDate End, string TimeZoneId, DateTimeOffset StartUtc, DateTimeOffset EndUtc)
{
    /// <summary>Period id, the year and month of <see cref="Start"/>, e.g. 2026-03.</summary>
    public string Key => $"{Start.Year:D4}-{Start.Month:D2}";

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
        var zone = Zone(timeZoneId);
        var start = new LocalDate(year, month, 1);
        var end = start.PlusMonths(1);
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

    /// <summary>True when <paramref name="at"/> falls inside the period.</summary>
    public bool Contains(DateTimeOffset at) => at >= StartUtc && at < EndUtc;

    /// <summary>Resolves an IANA time zone id; refuses unknown ids naming <paramref name="field"/>.</summary>
    public static DateTimeZone Zone(string timeZoneId, string field = "timeZone") =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId)
        ?? throw new DomainException("INVALID_TIME_ZONE", field, $"{field} '{timeZoneId}' is not an IANA time zone id; use one such as Europe/Berlin or UTC.");
}
