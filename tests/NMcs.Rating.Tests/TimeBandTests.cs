using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using NodaTime;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class TimeBandTests
{
    private const string Weekdays = """["monday", "tuesday", "wednesday", "thursday", "friday"]""";

    // Peak Mon–Fri 08:00–18:00; off-peak the rest of the week and all day on holidays (25 Dec 2026 in the product).
    // VOICE 0.10/MIN peak, 0.04/MIN off-peak, 60/1; DATA 0.02/MB peak, 0.01/MB off-peak.
    private static readonly ProductOffering PeakOffPeak = Product($$"""
        "holidays": ["2026-12-25"],
        "timeBands": [
          { "id": "peak", "windows": [ { "days": {{Weekdays}}, "from": "08:00", "to": "18:00" } ] },
          { "id": "off-peak", "windows": [
              { "days": {{Weekdays}}, "from": "00:00", "to": "08:00" },
              { "days": {{Weekdays}}, "from": "18:00", "to": "24:00" },
              { "days": ["saturday", "sunday", "holiday"], "from": "00:00", "to": "24:00" } ] }
        ],
        "usageCharges": [
          { "id": "voice-peak", "name": "Calls peak", "service": "VOICE", "rateUnit": "MIN", "price": 0.10, "timeBand": "peak", "increment": { "first": 60, "next": 1 } },
          { "id": "voice-off-peak", "name": "Calls off-peak", "service": "VOICE", "rateUnit": "MIN", "price": 0.04, "timeBand": "off-peak", "increment": { "first": 60, "next": 1 } },
          { "id": "data-peak", "name": "Data peak", "service": "DATA", "rateUnit": "MB", "price": 0.02, "timeBand": "peak" },
          { "id": "data-off-peak", "name": "Data off-peak", "service": "DATA", "rateUnit": "MB", "price": 0.01, "timeBand": "off-peak" }
        ]
        """);

    // Night 00:00–06:00 and day 06:00–24:00 every day: DATA 0.01/MB at night, 0.02/MB by day.
    private static readonly ProductOffering NightDay = Product("""
        "timeBands": [
          { "id": "night", "windows": [ { "days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"], "from": "00:00", "to": "06:00" } ] },
          { "id": "day", "windows": [ { "days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"], "from": "06:00", "to": "24:00" } ] }
        ],
        "usageCharges": [
          { "id": "data-night", "name": "Data night", "service": "DATA", "rateUnit": "MB", "price": 0.01, "timeBand": "night" },
          { "id": "data-day", "name": "Data day", "service": "DATA", "rateUnit": "MB", "price": 0.02, "timeBand": "day" }
        ]
        """);

    [Fact]
    public void A_call_across_the_peak_boundary_is_split_by_seconds()
    {
        // Monday 2 March 2026, 17:59:30 Berlin, 90 s: 30 s peak, 60 s off-peak.
        // Peak piece carries the record's first interval: 30 s → 60 s = 1 MIN × 0.10 = 0.10
        // Off-peak piece continues from second 60 to second 90: 30 s = 0.5 MIN × 0.04 = 0.02; total 0.12
        var result = Rate(PeakOffPeak, Voice(90, Local(2026, 3, 2, 17, 59, 30)));

        Assert.Equal(2, result.Parts.Count);
        Assert.Equal(("voice-peak", "peak", 30m, 60m, 0.10m), (result.Parts[0].ChargeId, result.Parts[0].Band, result.Parts[0].Quantity, result.Parts[0].ChargedQuantity, result.Parts[0].Amount));
        Assert.Equal(("voice-off-peak", "off-peak", 60m, 30m, 0.02m), (result.Parts[1].ChargeId, result.Parts[1].Band, result.Parts[1].Quantity, result.Parts[1].ChargedQuantity, result.Parts[1].Amount));
        Assert.Equal(Local(2026, 3, 2, 18, 0), result.Parts[0].End);
        Assert.Equal(0.12m, result.Total);
    }

    [Fact]
    public void A_piece_inside_the_first_interval_costs_nothing_more()
    {
        // Monday 17:59:40, 30 s: 20 s peak, 10 s off-peak. The first interval (60 s) starts in peak and already covers
        // second 20–30: peak 60 s × 0.10/60 = 0.10; off-peak charged 0 s = 0.00; total 0.10
        var result = Rate(PeakOffPeak, Voice(30, Local(2026, 3, 2, 17, 59, 40)));

        Assert.Equal(new[] { 60m, 0m }, result.Parts.Select(p => p.ChargedQuantity));
        Assert.Equal(0.10m, result.Total);
        Assert.Equal("10 S already covered by the record's earlier rounding", result.Parts[1].Steps[0]);
    }

    [Fact]
    public void A_service_priced_without_bands_is_not_split()
    {
        // SMS has one charge for all times: a record is one part without a band: 1 × 0.09 = 0.09
        var product = Product("""
            "timeBands": [ { "id": "peak", "windows": [ { "days": ["monday"], "from": "08:00", "to": "18:00" } ] } ],
            "usageCharges": [
              { "id": "voice-peak", "name": "Calls peak", "service": "VOICE", "rateUnit": "MIN", "price": 0.10, "timeBand": "peak" },
              { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.04 },
              { "id": "sms", "name": "SMS", "service": "SMS", "rateUnit": "MSG", "price": 0.09 }
            ]
            """);

        var result = Rate(product, new UsageRecord("sms-1", ServiceCodes.Sms, 1, Local(2026, 3, 2, 17, 59), TimeSpan.FromMinutes(5)));

        var part = Assert.Single(result.Parts);
        Assert.Null(part.Band);
        Assert.Equal(0.09m, result.Total);
    }

    [Fact]
    public void A_data_session_across_the_boundary_is_shared_in_proportion_to_time()
    {
        // 10 MB from 17:50 to 18:10 (20 min): 10 min peak → 5 MB × 0.02 = 0.10; 10 min off-peak → 5 MB × 0.01 = 0.05
        var result = Rate(PeakOffPeak, Data(10 * Mb, Local(2026, 3, 2, 17, 50), TimeSpan.FromMinutes(20)));

        Assert.Equal([5 * Mb, 5 * Mb], result.Parts.Select(p => p.Quantity));
        Assert.Equal([0.10m, 0.05m], result.Parts.Select(p => p.Amount));
        Assert.Equal(0.15m, result.Total);
    }

    [Fact]
    public void Spring_forward_day_in_Berlin_has_a_five_hour_night()
    {
        // Sunday 29 March 2026: clocks jump 02:00 → 03:00, the day has 23 hours.
        // Session from local 00:00 (28 Mar 23:00Z) for 23 h, 2,300 MB.
        // night 00:00–06:00 local = 23:00Z–04:00Z = 5 h → 2300 × 5/23 = 500 MB × 0.01 = 5.00
        // day 06:00–24:00 local = 04:00Z–22:00Z = 18 h → 1,800 MB × 0.02 = 36.00; total 41.00
        var result = Rate(NightDay, Data(2_300 * Mb, Local(2026, 3, 29, 0, 0), TimeSpan.FromHours(23)));

        Assert.Equal(["night", "day"], result.Parts.Select(p => p.Band));
        Assert.Equal([500 * Mb, 1_800 * Mb], result.Parts.Select(p => p.Quantity));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), result.Parts[0].End);
        Assert.Equal(41.00m, result.Total);
    }

    [Fact]
    public void Fall_back_day_in_Berlin_has_a_seven_hour_night()
    {
        // Sunday 25 October 2026: clocks go back 03:00 → 02:00, the day has 25 hours.
        // Session from local 00:00 (24 Oct 22:00Z) for 25 h, 2,500 MB.
        // night 00:00–06:00 local = 22:00Z–05:00Z = 7 h → 2500 × 7/25 = 700 MB × 0.01 = 7.00
        // day 06:00–24:00 local = 05:00Z–23:00Z = 18 h → 1,800 MB × 0.02 = 36.00; total 43.00
        var result = Rate(NightDay, Data(2_500 * Mb, Local(2026, 10, 25, 0, 0), TimeSpan.FromHours(25)));

        Assert.Equal([700 * Mb, 1_800 * Mb], result.Parts.Select(p => p.Quantity));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 5, 0, 0, TimeSpan.Zero), result.Parts[0].End);
        Assert.Equal(43.00m, result.Total);
    }

    [Fact]
    public void A_product_holiday_is_rated_off_peak_all_day()
    {
        // Friday 25 Dec 2026 10:00 is a product holiday → off-peak: 60 s = 1 MIN × 0.04 = 0.04
        // Friday 18 Dec 2026 10:00 is an ordinary Friday → peak: 1 MIN × 0.10 = 0.10
        var holiday = Rate(PeakOffPeak, Voice(60, Local(2026, 12, 25, 10, 0)));
        var friday = Rate(PeakOffPeak, Voice(60, Local(2026, 12, 18, 10, 0)));

        Assert.Equal(("off-peak", 0.04m), (holiday.Parts[0].Band, holiday.Total));
        Assert.Equal(("peak", 0.10m), (friday.Parts[0].Band, friday.Total));
    }

    [Fact]
    public void An_account_holiday_is_added_to_the_product_calendar()
    {
        // Thursday 4 June 2026 10:00 (Corpus Christi in the account's region): off-peak 1 MIN × 0.04 = 0.04;
        // for an account without that holiday it is peak: 1 MIN × 0.10 = 0.10
        var regional = RatingContext.For("Europe/Berlin", [new LocalDate(2026, 6, 4)]);

        Assert.Equal(0.04m, Rate(PeakOffPeak, Voice(60, Local(2026, 6, 4, 10, 0)), context: regional).Total);
        Assert.Equal(0.10m, Rate(PeakOffPeak, Voice(60, Local(2026, 6, 4, 10, 0))).Total);
    }

    [Fact]
    public void Bands_are_read_in_the_account_time_zone()
    {
        // 07:30Z on Monday 2 March is 08:30 in Berlin (peak, 0.10) but 07:30 in UTC (off-peak, 0.04)
        var at = new DateTimeOffset(2026, 3, 2, 7, 30, 0, TimeSpan.Zero);

        Assert.Equal(0.10m, Rate(PeakOffPeak, Voice(60, at)).Total);
        Assert.Equal(0.04m, Rate(PeakOffPeak, Voice(60, at), context: RatingContext.Utc).Total);
    }
}
