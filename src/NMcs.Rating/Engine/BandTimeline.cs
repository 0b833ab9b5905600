using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>
/// Cuts a session into pieces that each lie in one time band, reading band windows in the account's time zone.
/// Boundaries are found in local time and mapped to instants, so DST days (23 and 25 hours) come out right: a local
/// boundary skipped by a spring-forward gap falls at the jump, one repeated by a fall-back occurs twice.
/// </summary>
internal static class BandTimeline
{
    /// <summary>
    /// Writes the pieces of [<paramref name="start"/>, <paramref name="end"/>) to <paramref name="segments"/> (cleared
    /// first), adjacent pieces of one band merged; an instant event (start = end) is one piece in the band of its start.
    /// </summary>
    public static void Split(RatingPlan plan, Instant start, Instant end, RatingContext context, List<Segment> segments)
    {
        segments.Clear();
        var zone = context.TimeZone;
        var first = start.InZone(zone).LocalDateTime;
        var firstBand = plan.BandAt(first.Date, first.TimeOfDay, context.Holidays);
        var firstEnd = end == start ? end : NextBoundary(plan, zone, first, start);
        if (firstEnd >= end)
        {
            segments.Add(new Segment(firstBand, start, end));
            return;
        }

        segments.Add(new Segment(firstBand, start, firstEnd));
        var at = firstEnd;
        do
        {
            var local = at.InZone(zone).LocalDateTime;
            var band = plan.BandAt(local.Date, local.TimeOfDay, context.Holidays);
            var next = NextBoundary(plan, zone, local, at);
            var pieceEnd = next < end ? next : end;
            if (segments[^1].Band == band)
            {
                segments[^1] = segments[^1] with { End = pieceEnd };
            }
            else
            {
                segments.Add(new Segment(band, at, pieceEnd));
            }

            at = pieceEnd;
        }
        while (at < end);
    }

    private static Instant NextBoundary(RatingPlan plan, DateTimeZone zone, LocalDateTime local, Instant after)
    {
        foreach (var boundary in plan.Boundaries)
        {
            if (boundary > local.TimeOfDay && Resolve(zone, local.Date.At(boundary), after) is { } instant)
            {
                return instant;
            }
        }

        return zone.AtStartOfDay(local.Date.PlusDays(1)).ToInstant();
    }

    /// <summary>The first instant after <paramref name="after"/> at which the local clock reaches <paramref name="local"/>.</summary>
    private static Instant? Resolve(DateTimeZone zone, LocalDateTime local, Instant after)
    {
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 0)
        {
            // The clocks jump over this time: the boundary is the jump itself.
            var jump = mapping.LateInterval.Start;
            return jump > after ? jump : null;
        }

        var early = mapping.First().ToInstant();
        if (early > after)
        {
            return early;
        }

        var late = mapping.Last().ToInstant();
        return late > after ? late : null;
    }

    /// <summary>A piece of a session in one band.</summary>
    /// <param name="Band">Band id, or null when no band covers the piece.</param>
    /// <param name="Start">First instant of the piece.</param>
    /// <param name="End">Instant after the piece.</param>
    internal readonly record struct Segment(string? Band, Instant Start, Instant End);
}
