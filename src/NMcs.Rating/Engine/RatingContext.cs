using NMcs.Time;
using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>What rating needs to know about the paying account: its time zone and its holidays (added to the product's).</summary>
/// <param name="TimeZone">Time zone time bands are read in.</param>
/// <param name="Holidays">The account's holidays (e.g. its region's public holidays), added to the product's calendar.</param>
public sealed record RatingContext(DateTimeZone TimeZone, IReadOnlySet<LocalDate> Holidays)
{
    /// <summary>UTC and no holidays.</summary>
    public static RatingContext Utc { get; } = new(DateTimeZone.Utc, new HashSet<LocalDate>());

    /// <summary>A context for the IANA time zone <paramref name="timeZoneId"/>; refuses unknown ids.</summary>
    public static RatingContext For(string timeZoneId, IEnumerable<LocalDate>? holidays = null) =>
        new(BillingPeriod.Zone(timeZoneId), (holidays ?? []).ToHashSet());
}
