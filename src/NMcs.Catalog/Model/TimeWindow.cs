using NodaTime;

namespace NMcs.Catalog.Model;

/// <summary>
/// Local times of day on some day kinds, in the account's time zone: from <see cref="From"/> (inclusive) to
/// <see cref="To"/> (exclusive). <see cref="To"/> at midnight means the end of the day ("24:00").
/// </summary>
public sealed record TimeWindow
{
    /// <summary>Day kinds the window applies on.</summary>
    public required IReadOnlyList<BandDay> Days { get; init; }

    /// <summary>First local time inside the window.</summary>
    public required LocalTime From { get; init; }

    /// <summary>First local time after the window; midnight means the end of the day.</summary>
    public required LocalTime To { get; init; }

    /// <summary>True when <paramref name="time"/> on a day of kind <paramref name="day"/> is inside the window.</summary>
    public bool Contains(BandDay day, LocalTime time) =>
        Days.Contains(day) && time >= From && (To == LocalTime.Midnight || time < To);
}
