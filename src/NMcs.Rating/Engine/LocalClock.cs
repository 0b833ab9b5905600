using NodaTime;
using NodaTime.TimeZones;

namespace NMcs.Rating.Engine;

/// <summary>
/// The wall clock of one time zone (an account's): turns instants into local date and time. Gives what
/// <c>Instant.FromDateTimeOffset(t).InZone(zone).LocalDateTime.ToDateTimeUnspecified()</c> gives, but remembers the
/// zone interval (the stretch of time with one UTC offset) it last used, so converting the instants of a batch of
/// usage costs an addition each instead of a time-zone lookup and calendar arithmetic. Safe to share between threads.
/// </summary>
/// <param name="zone">The time zone.</param>
public sealed class LocalClock(DateTimeZone zone)
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private Interval? _last;

    /// <summary>The time zone.</summary>
    public DateTimeZone Zone { get; } = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>The local date and time of <paramref name="instant"/> in <see cref="Zone"/> (kind unspecified).</summary>
    public DateTime LocalDateTime(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        var interval = _last;
        if (interval is null || ticks < interval.Start || ticks >= interval.End)
        {
            interval = Interval.Of(Zone.GetZoneInterval(Instant.FromDateTimeOffset(instant)));
            _last = interval;
        }

        return new DateTime(ticks + interval.Offset, DateTimeKind.Unspecified);
    }

    /// <summary>A zone interval in BCL ticks: [<paramref name="Start"/>, <paramref name="End"/>) at UTC offset <paramref name="Offset"/>.</summary>
    private sealed record Interval(long Start, long End, long Offset)
    {
        public static Interval Of(ZoneInterval interval) => new(
            interval.HasStart ? interval.Start.ToUnixTimeTicks() + UnixEpochTicks : long.MinValue,
            interval.HasEnd ? interval.End.ToUnixTimeTicks() + UnixEpochTicks : long.MaxValue,
            interval.WallOffset.Ticks);
    }
}
