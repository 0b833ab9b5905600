using NMcs.Time;
using NodaTime;

namespace NMcs.Core.Tests;

public class BillingPeriodTests
{
    [Fact]
    public void Monthly_in_utc_runs_from_the_first_to_the_first()
    {
        var period = BillingPeriod.Monthly(2026, 3, "UTC");

        Assert.Equal("2026-03", period.Key);
        Assert.Equal(new LocalDate(2026, 3, 1), period.Start);
        Assert.Equal(new LocalDate(2026, 4, 1), period.End);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), period.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), period.EndUtc);
        Assert.Equal(TimeSpan.Zero, period.StartUtc.Offset);
    }

    [Fact]
    public void Monthly_in_berlin_starts_at_local_midnight()
    {
        // March 1 00:00 CET (UTC+1) = Feb 28 23:00Z; April 1 00:00 CEST (UTC+2, DST since March 29) = March 31 22:00Z
        var period = BillingPeriod.Monthly(2026, 3, "Europe/Berlin");

        Assert.Equal(new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero), period.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero), period.EndUtc);
        Assert.Equal(TimeSpan.Zero, period.StartUtc.Offset);
        Assert.Equal("Europe/Berlin", period.TimeZoneId);
    }

    [Fact]
    public void MonthlyContaining_uses_the_local_date()
    {
        // 2026-03-31T22:30Z is 2026-04-01 00:30 in Berlin (CEST, UTC+2): April
        var at = new DateTimeOffset(2026, 3, 31, 22, 30, 0, TimeSpan.Zero);

        var berlin = BillingPeriod.MonthlyContaining(at, "Europe/Berlin");
        var utc = BillingPeriod.MonthlyContaining(at, "UTC");

        Assert.Equal("2026-04", berlin.Key);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero), berlin.StartUtc);
        Assert.True(berlin.Contains(at));
        Assert.Equal("2026-03", utc.Key);
    }

    [Fact]
    public void Contains_includes_start_and_excludes_end()
    {
        var period = BillingPeriod.Monthly(2026, 3, "Europe/Berlin");

        Assert.True(period.Contains(period.StartUtc));
        Assert.True(period.Contains(period.EndUtc.AddTicks(-1)));
        Assert.False(period.Contains(period.EndUtc));
        Assert.False(period.Contains(period.StartUtc.AddTicks(-1)));
    }

    [Fact]
    public void Monthly_december_rolls_into_the_next_year()
    {
        var period = BillingPeriod.Monthly(2026, 12, "UTC");

        Assert.Equal(new LocalDate(2027, 1, 1), period.End);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), period.EndUtc);
    }

    [Fact]
    public void Parse_reads_a_period_key()
    {
        var period = BillingPeriod.Parse("2026-03", "Europe/Berlin");

        Assert.Equal(BillingPeriod.Monthly(2026, 3, "Europe/Berlin"), period);
        Assert.Equal("2026-03", period.Key);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("26-03")]
    [InlineData("2026-3")]
    [InlineData("2026/03")]
    [InlineData("+026-03")]
    [InlineData("1999-12")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_refuses_malformed_keys(string? key)
    {
        var error = Assert.Throws<DomainException>(() => BillingPeriod.Parse(key, "UTC"));

        Assert.Equal("INVALID_PERIOD", error.Code);
        Assert.Equal("period", error.Field);
    }

    [Fact]
    public void Unknown_time_zone_is_refused()
    {
        var zone = Assert.Throws<DomainException>(() => BillingPeriod.Zone("Mars/Olympus_Mons"));
        var monthly = Assert.Throws<DomainException>(() => BillingPeriod.Monthly(2026, 3, "CEST+2"));
        var parse = Assert.Throws<DomainException>(() => BillingPeriod.Parse("2026-03", "Europe/Berlinn"));

        Assert.Equal("INVALID_TIME_ZONE", zone.Code);
        Assert.Equal("timeZone", zone.Field);
        Assert.Equal("INVALID_TIME_ZONE", monthly.Code);
        Assert.Equal("INVALID_TIME_ZONE", parse.Code);
    }
}

public class AdjustableClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stands_still_until_moved_and_reports_utc()
    {
        var clock = new AdjustableClock(new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
        Assert.Equal(clock.GetUtcNow(), clock.GetUtcNow());
    }

    [Fact]
    public void Advance_moves_forward()
    {
        var clock = new AdjustableClock(Start);

        var now = clock.Advance(TimeSpan.FromSeconds(90));
        clock.Advance(TimeSpan.Zero);

        Assert.Equal(Start.AddSeconds(90), now);
        Assert.Equal(Start.AddSeconds(90), clock.GetUtcNow());
    }

    [Fact]
    public void Advance_refuses_a_negative_step()
    {
        var clock = new AdjustableClock(Start);

        var error = Assert.Throws<DomainException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));

        Assert.Equal("CLOCK_BACKWARDS", error.Code);
        Assert.Equal("seconds", error.Field);
        Assert.Equal(Start, clock.GetUtcNow());
    }

    [Fact]
    public void Set_moves_forward_or_stays()
    {
        var clock = new AdjustableClock(Start);
        var later = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(later, clock.Set(later));
        Assert.Equal(later, clock.Set(later)); // same instant is allowed
        Assert.Equal(later, clock.GetUtcNow());
    }

    [Fact]
    public void Set_compares_instants_not_wall_clock()
    {
        var clock = new AdjustableClock(Start);

        // 13:30+01:00 = 12:30Z: later, accepted and stored as UTC
        var now = clock.Set(new DateTimeOffset(2026, 3, 1, 13, 30, 0, TimeSpan.FromHours(1)));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero), now);
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);

        // 14:00+02:00 = 12:00Z: earlier although the wall clock reads later
        var error = Assert.Throws<DomainException>(() => clock.Set(new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal("CLOCK_BACKWARDS", error.Code);
    }

    [Fact]
    public void Set_refuses_to_go_backwards()
    {
        var clock = new AdjustableClock(Start);

        var error = Assert.Throws<DomainException>(() => clock.Set(Start.AddTicks(-1)));

        Assert.Equal("CLOCK_BACKWARDS", error.Code);
        Assert.Equal("to", error.Field);
        Assert.Equal(Start, clock.GetUtcNow());
    }
}
