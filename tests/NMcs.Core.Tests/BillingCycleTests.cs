using NMcs.Time;
using NodaTime;

namespace NMcs.Core.Tests;

public class BillingCycleTests
{
    private static LocalDate D(int year, int month, int day) => new(year, month, day);

    private static (LocalDate Start, LocalDate End) Dates(BillingPeriod period) => (period.Start, period.End);

    [Fact]
    public void Bill_cycle_day_15_runs_from_the_15th_to_the_15th_across_months_and_years()
    {
        var cycle = BillingCycle.Parse("monthly:15");

        // Jan 14 is before Jan's cycle day: the period began on Dec 15 of the year before.
        Assert.Equal((D(2025, 12, 15), D(2026, 1, 15)), Dates(cycle.ContainingDate(D(2026, 1, 14), "UTC")));
        Assert.Equal((D(2026, 1, 15), D(2026, 2, 15)), Dates(cycle.ContainingDate(D(2026, 1, 15), "UTC")));

        // Feb 15 → Mar 15 is 28 days in 2026: Feb 15–28 (14 days) + Mar 1–14 (14 days).
        var february = cycle.ContainingDate(D(2026, 3, 14), "UTC");
        Assert.Equal((D(2026, 2, 15), D(2026, 3, 15)), Dates(february));
        Assert.Equal(28, Period.DaysBetween(february.Start, february.End));
        Assert.Equal("2026-02-15", february.Key);

        Assert.Equal((D(2026, 3, 15), D(2026, 4, 15)), Dates(cycle.Next(february)));
        Assert.Equal((D(2026, 1, 15), D(2026, 2, 15)), Dates(cycle.Previous(february)));
    }

    [Fact]
    public void Last_day_of_month_follows_february_in_leap_and_other_years()
    {
        var cycle = BillingCycle.Parse("monthly:last");

        // 2026 is not a leap year: Jan 31 → Feb 28 → Mar 31 → Apr 30.
        Assert.Equal((D(2026, 1, 31), D(2026, 2, 28)), Dates(cycle.ContainingDate(D(2026, 2, 10), "UTC")));
        Assert.Equal((D(2026, 2, 28), D(2026, 3, 31)), Dates(cycle.ContainingDate(D(2026, 2, 28), "UTC")));
        Assert.Equal((D(2026, 3, 31), D(2026, 4, 30)), Dates(cycle.ContainingDate(D(2026, 4, 29), "UTC")));

        // 2028 is: Jan 31 → Feb 29 → Mar 31.
        Assert.Equal((D(2028, 1, 31), D(2028, 2, 29)), Dates(cycle.ContainingDate(D(2028, 2, 28), "UTC")));
        Assert.Equal((D(2028, 2, 29), D(2028, 3, 31)), Dates(cycle.ContainingDate(D(2028, 2, 29), "UTC")));
        Assert.Equal("2028-02-29", cycle.ContainingDate(D(2028, 3, 1), "UTC").Key);
    }

    [Fact]
    public void Calendar_quarters_start_in_january_april_july_and_october()
    {
        var cycle = BillingCycle.Parse("quarterly");

        var q2 = cycle.ContainingDate(D(2026, 5, 20), "UTC");

        Assert.Equal((D(2026, 4, 1), D(2026, 7, 1)), Dates(q2));
        Assert.Equal("2026-04-01", q2.Key);

        // Q1: 31 + 28 + 31 = 90 days in 2026, 31 + 29 + 31 = 91 in 2028; Q2: 30 + 31 + 30 = 91; Q3: 31 + 31 + 30 = 92.
        Assert.Equal(90, Days(cycle.ContainingDate(D(2026, 2, 1), "UTC")));
        Assert.Equal(91, Days(cycle.ContainingDate(D(2028, 2, 1), "UTC")));
        Assert.Equal(91, Days(q2));
        Assert.Equal(92, Days(cycle.Next(q2)));
        Assert.Equal((D(2025, 10, 1), D(2026, 1, 1)), Dates(cycle.ContainingDate(D(2025, 12, 31), "UTC")));
    }

    [Fact]
    public void Anniversary_quarters_run_from_the_anchor_in_both_directions()
    {
        var cycle = BillingCycle.Parse("quarterly:anniversary:2026-02-10");

        Assert.Equal((D(2026, 2, 10), D(2026, 5, 10)), Dates(cycle.ContainingDate(D(2026, 2, 10), "UTC")));
        Assert.Equal((D(2025, 11, 10), D(2026, 2, 10)), Dates(cycle.ContainingDate(D(2026, 2, 9), "UTC")));
        Assert.Equal((D(2026, 8, 10), D(2026, 11, 10)), Dates(cycle.ContainingDate(D(2026, 11, 9), "UTC")));
    }

    [Fact]
    public void Anniversary_on_the_30th_falls_on_the_last_day_of_february_and_comes_back()
    {
        // Quarterly from Nov 30: Feb 28, May 30, Aug 30, Nov 30 (each computed from the anchor, so no drift to the 28th).
        var cycle = BillingCycle.Parse("quarterly:anniversary:2025-11-30");

        Assert.Equal((D(2026, 2, 28), D(2026, 5, 30)), Dates(cycle.ContainingDate(D(2026, 3, 1), "UTC")));
        Assert.Equal((D(2026, 5, 30), D(2026, 8, 30)), Dates(cycle.ContainingDate(D(2026, 5, 30), "UTC")));
        Assert.Equal((D(2025, 11, 30), D(2026, 2, 28)), Dates(cycle.ContainingDate(D(2026, 2, 27), "UTC")));
    }

    [Fact]
    public void Calendar_years_have_365_or_366_days()
    {
        var cycle = BillingCycle.Parse("annual");

        var year = cycle.Containing(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero), "UTC");

        Assert.Equal((D(2026, 1, 1), D(2027, 1, 1)), Dates(year));
        Assert.Equal("2026-01-01", year.Key);
        Assert.Equal(365, Days(year));
        Assert.Equal(366, Days(cycle.ContainingDate(D(2028, 12, 31), "UTC")));
    }

    [Fact]
    public void Annual_anniversary_on_february_29_falls_on_february_28_in_other_years()
    {
        var cycle = BillingCycle.Parse("annual:anniversary:2028-02-29");

        // 2029 is not a leap year: the year runs Feb 28 2029 → Feb 28 2030; 2032 is, and it starts on Feb 29 again.
        Assert.Equal((D(2028, 2, 29), D(2029, 2, 28)), Dates(cycle.ContainingDate(D(2029, 2, 27), "UTC")));
        Assert.Equal((D(2029, 2, 28), D(2030, 2, 28)), Dates(cycle.ContainingDate(D(2029, 2, 28), "UTC")));
        Assert.Equal((D(2031, 2, 28), D(2032, 2, 29)), Dates(cycle.ContainingDate(D(2032, 2, 28), "UTC")));
        Assert.Equal((D(2032, 2, 29), D(2033, 2, 28)), Dates(cycle.ContainingDate(D(2032, 2, 29), "UTC")));

        // 2028-02-29 → 2029-02-28 is 365 days (Feb 29 → Feb 28 of the next year), 2031-02-28 → 2032-02-29 is 366.
        Assert.Equal(365, Days(cycle.ContainingDate(D(2028, 3, 1), "UTC")));
        Assert.Equal(366, Days(cycle.ContainingDate(D(2031, 3, 1), "UTC")));
    }

    [Fact]
    public void Weekly_periods_start_on_their_weekday()
    {
        // 2026-03-25 is a Wednesday: the Monday week began Mar 23, the Sunday week Mar 22.
        Assert.Equal((D(2026, 3, 23), D(2026, 3, 30)), Dates(BillingCycle.Parse("weekly:monday").ContainingDate(D(2026, 3, 25), "UTC")));
        Assert.Equal((D(2026, 3, 22), D(2026, 3, 29)), Dates(BillingCycle.Parse("weekly:sunday").ContainingDate(D(2026, 3, 25), "UTC")));
        Assert.Equal((D(2026, 3, 25), D(2026, 4, 1)), Dates(BillingCycle.Parse("weekly:wednesday").ContainingDate(D(2026, 3, 25), "UTC")));

        var week = BillingCycle.Weekly().ContainingDate(D(2000, 1, 2), "UTC");
        Assert.Equal((D(1999, 12, 27), D(2000, 1, 3)), Dates(week));
        Assert.Equal("1999-12-27", week.Key);
        Assert.Equal(IsoDayOfWeek.Monday, BillingCycle.Weekly().Weekday);
    }

    [Fact]
    public void A_week_across_the_spring_dst_change_in_berlin_is_167_hours_between_local_midnights()
    {
        // DST starts Sun 2026-03-29 02:00 CET → 03:00 CEST. Mon Mar 23 00:00 CET = Mar 22 23:00Z; Mon Mar 30 00:00 CEST = Mar 29 22:00Z.
        var cycle = BillingCycle.Weekly(IsoDayOfWeek.Monday);

        var week = cycle.Containing(new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero), "Europe/Berlin");

        Assert.Equal((D(2026, 3, 23), D(2026, 3, 30)), Dates(week));
        Assert.Equal(new DateTimeOffset(2026, 3, 22, 23, 0, 0, TimeSpan.Zero), week.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), week.EndUtc);
        Assert.Equal(TimeSpan.FromHours(167), week.EndUtc - week.StartUtc);

        // 21:59:59Z is Sunday 23:59:59 CEST, still this week; 22:00Z is Monday 00:00 CEST, the next.
        Assert.True(week.Contains(new DateTimeOffset(2026, 3, 29, 21, 59, 59, TimeSpan.Zero)));
        Assert.Equal(D(2026, 3, 30), cycle.Containing(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), "Europe/Berlin").Start);
    }

    [Fact]
    public void A_monthly_period_across_the_autumn_dst_change_in_berlin_ends_at_local_midnight()
    {
        // DST ends Sun 2026-10-25. Oct 15 00:00 CEST (UTC+2) = Oct 14 22:00Z; Nov 15 00:00 CET (UTC+1) = Nov 14 23:00Z.
        var period = BillingCycle.Monthly(15).ContainingDate(D(2026, 10, 25), "Europe/Berlin");

        Assert.Equal(new DateTimeOffset(2026, 10, 14, 22, 0, 0, TimeSpan.Zero), period.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 11, 14, 23, 0, 0, TimeSpan.Zero), period.EndUtc);

        // 31 days of 24 hours + the hour gained = 745 hours.
        Assert.Equal(TimeSpan.FromHours(745), period.EndUtc - period.StartUtc);
    }

    [Fact]
    public void The_default_cycle_matches_the_monthly_periods_and_their_keys()
    {
        var cycle = BillingCycle.Default;
        var at = new DateTimeOffset(2026, 3, 31, 22, 30, 0, TimeSpan.Zero);

        Assert.Equal(BillingPeriod.MonthlyContaining(at, "Europe/Berlin"), cycle.Containing(at, "Europe/Berlin"));
        Assert.Equal("2026-04", cycle.Containing(at, "Europe/Berlin").Key);
        Assert.Equal(BillingPeriod.Monthly(2027, 1, "UTC"), cycle.Next(BillingPeriod.Monthly(2026, 12, "UTC")));
        Assert.Equal(BillingPeriod.Monthly(2025, 12, "UTC"), cycle.Previous(BillingPeriod.Monthly(2026, 1, "UTC")));
    }

    [Fact]
    public void Keys_are_the_month_for_monthly_periods_from_the_first_and_the_start_date_otherwise()
    {
        Assert.Equal("2026-03", BillingCycle.Monthly(1).ContainingDate(D(2026, 3, 9), "UTC").Key);
        Assert.Equal("2026-03-01", BillingCycle.Weekly(IsoDayOfWeek.Sunday).ContainingDate(D(2026, 3, 2), "UTC").Key);
        Assert.Equal("2026-01-01", BillingCycle.Quarterly().ContainingDate(D(2026, 3, 9), "UTC").Key);
        Assert.Equal("2026-02-28", BillingCycle.MonthlyOnLastDay().ContainingDate(D(2026, 3, 9), "UTC").Key);
    }

    [Theory]
    [InlineData("monthly", "2026-03")]
    [InlineData("monthly", "2026-03-01")]
    [InlineData("monthly:15", "2026-03-15")]
    [InlineData("monthly:last", "2026-02-28")]
    [InlineData("quarterly", "2026-04-01")]
    [InlineData("quarterly:anniversary:2026-02-10", "2026-05-10")]
    [InlineData("annual", "2026-01-01")]
    [InlineData("weekly:monday", "2026-03-23")]
    public void Period_keys_parse_back_to_their_period(string cycleText, string key)
    {
        var cycle = BillingCycle.Parse(cycleText);

        var period = BillingPeriod.Parse(key, "Europe/Berlin", cycle);

        Assert.Equal(period, cycle.ParseKey(period.Key, "Europe/Berlin"));
        Assert.Equal(period, cycle.ContainingDate(period.Start, "Europe/Berlin"));
        Assert.True(cycle.IsPeriodStart(period.Start));
        Assert.Equal("Europe/Berlin", period.TimeZoneId);
    }

    [Fact]
    public void A_month_key_is_refused_for_a_cycle_not_starting_on_the_first()
    {
        var error = Assert.Throws<DomainException>(() => BillingCycle.Monthly(15).ParseKey("2026-03", "UTC"));

        Assert.Equal("INVALID_PERIOD", error.Code);
        Assert.Equal("period", error.Field);
        Assert.Contains("write the period's start date YYYY-MM-DD, e.g. 2026-03-15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_that_starts_no_period_is_refused_with_the_start_of_its_period()
    {
        var error = Assert.Throws<DomainException>(() => BillingPeriod.Parse("2026-03-14", "UTC", BillingCycle.Monthly(15), "closing"));

        Assert.Equal("INVALID_PERIOD", error.Code);
        Assert.Equal("closing", error.Field);
        Assert.Contains("the period containing it starts 2026-02-15", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-3-15")]
    [InlineData("2026-02-30")]
    [InlineData("1999-12-15")]
    [InlineData("15.03.2026")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_period_keys_are_refused(string? key)
    {
        var error = Assert.Throws<DomainException>(() => BillingCycle.Monthly(15).ParseKey(key, "UTC"));

        Assert.Equal("INVALID_PERIOD", error.Code);
    }

    [Theory]
    [InlineData("monthly", "monthly")]
    [InlineData("monthly:1", "monthly")]
    [InlineData("monthly:15", "monthly:15")]
    [InlineData("Monthly:LAST", "monthly:last")]
    [InlineData("monthly:anniversary:2026-01-30", "monthly:anniversary:2026-01-30")]
    [InlineData("quarterly", "quarterly")]
    [InlineData("quarterly:calendar", "quarterly")]
    [InlineData("quarterly:anniversary:2026-02-10", "quarterly:anniversary:2026-02-10")]
    [InlineData("annual", "annual")]
    [InlineData("annual:anniversary:2026-02-10", "annual:anniversary:2026-02-10")]
    [InlineData("weekly", "weekly:monday")]
    [InlineData("weekly:Sunday", "weekly:sunday")]
    public void Cycle_texts_parse_and_format_canonically(string text, string canonical)
    {
        var cycle = BillingCycle.Parse(text);

        Assert.Equal(canonical, cycle.ToString());
        Assert.Equal(cycle, BillingCycle.Parse(cycle.ToString()));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "is required")]
    [InlineData("monthly:31", "use a day from 1 to 28, or monthly:last")]
    [InlineData("monthly:29", "which not every month has")]
    [InlineData("monthly:0", "from 1 to 28 or last, e.g. monthly:15")]
    [InlineData("monthly:fifteen", "e.g. monthly:15")]
    [InlineData("monthly:15:1", "e.g. monthly:15")]
    [InlineData("quarterly:fiscal", "quarterly:anniversary:YYYY-MM-DD")]
    [InlineData("quarterly:anniversary", "quarterly:anniversary:YYYY-MM-DD")]
    [InlineData("annual:anniversary:2026-02-30", "is not a date; write YYYY-MM-DD")]
    [InlineData("weekly:funday", "weekly:monday (monday to sunday)")]
    [InlineData("weekly:1", "weekly:monday (monday to sunday)")]
    [InlineData("biweekly", "is not a billing cycle; write monthly, monthly:15, monthly:last")]
    [InlineData(" monthly", "is not a billing cycle")]
    public void Invalid_cycle_texts_are_refused_naming_the_field_and_the_fix(string? text, string fix)
    {
        var error = Assert.Throws<DomainException>(() => BillingCycle.Parse(text, "billingCycle"));

        Assert.Equal("INVALID_BILLING_CYCLE", error.Code);
        Assert.Equal("billingCycle", error.Field);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("billingCycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bill_cycle_day_beyond_28_is_refused_in_code_too()
    {
        var error = Assert.Throws<DomainException>(() => BillingCycle.Monthly(31));

        Assert.Equal("INVALID_BILLING_CYCLE", error.Code);
        Assert.Equal("billCycleDay", error.Field);
        Assert.Throws<DomainException>(() => BillingCycle.Anniversary(BillingCycleKind.Weekly, D(2026, 1, 1)));
    }

    [Fact]
    public void Aligned_cycles_keep_the_anchor_so_shorter_periods_divide_longer_ones()
    {
        Assert.Equal(BillingCycle.Quarterly(), BillingCycle.Monthly(1).Aligned(BillingCycleKind.Quarterly));
        Assert.Equal(BillingCycle.Annual(), BillingCycle.Quarterly().Aligned(BillingCycleKind.Annual));
        Assert.Equal("annual:anniversary:2000-01-15", BillingCycle.Monthly(15).Aligned(BillingCycleKind.Annual).ToString());
        Assert.Equal(BillingCycle.Monthly(10), BillingCycle.Parse("quarterly:anniversary:2026-02-10").Aligned(BillingCycleKind.Monthly));
        Assert.Equal(BillingCycle.MonthlyOnLastDay(), BillingCycle.Parse("annual:anniversary:2026-01-31").Aligned(BillingCycleKind.Monthly));
        Assert.Equal("monthly:anniversary:2026-01-30", BillingCycle.Parse("quarterly:anniversary:2026-01-30").Aligned(BillingCycleKind.Monthly).ToString());
        Assert.Equal(BillingCycle.Weekly(), BillingCycle.Annual().Aligned(BillingCycleKind.Weekly));
        Assert.Equal(BillingCycle.Monthly(1), BillingCycle.Weekly(IsoDayOfWeek.Sunday).Aligned(BillingCycleKind.Monthly));

        // Quarters of monthly:last start on last days: Jan 31, Apr 30, Jul 31, Oct 31.
        var quarters = BillingCycle.MonthlyOnLastDay().Aligned(BillingCycleKind.Quarterly);
        Assert.Equal((D(2026, 4, 30), D(2026, 7, 31)), Dates(quarters.ContainingDate(D(2026, 5, 1), "UTC")));

        // Every period start of the longer cycle is one of the shorter cycle's starts.
        var monthly = BillingCycle.Parse("quarterly:anniversary:2025-11-30").Aligned(BillingCycleKind.Monthly);
        for (var start = D(2026, 2, 28); start < D(2028, 1, 1); start = BillingCycle.Parse("quarterly:anniversary:2025-11-30").NextPeriodStart(start))
        {
            Assert.True(monthly.IsPeriodStart(start), start.ToString());
        }
    }

    private static int Days(BillingPeriod period) => Period.DaysBetween(period.Start, period.End);
}
