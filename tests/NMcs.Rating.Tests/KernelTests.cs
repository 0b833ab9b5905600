using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using NodaTime;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

/// <summary>
/// The kernel keeps its scratch per thread and its calculation as numbers; these pin down that neither shows: the
/// rendered steps, results across threads and products, and the local clock rules are given.
/// </summary>
public class KernelTests
{
    // DATA per MB in 1 KB steps with a 1 MB pooled allowance; VOICE 60/30 rounded per increment in a peak band with a
    // connect fee, capped per record; SMS graduated with a percentage levy.
    private static readonly ProductOffering Mixed = Product("""
        "timeBands": [ { "id": "peak", "windows": [ { "days": ["monday", "tuesday", "wednesday", "thursday", "friday"], "from": "08:00", "to": "18:00" } ] } ],
        "usageCharges": [
          { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02, "increment": { "first": 1024, "next": 1024 } },
          { "id": "voice-peak", "name": "Peak", "service": "VOICE", "rateUnit": "MIN", "price": 0.13, "timeBand": "peak", "connectFee": 0.05, "maxCostPerRecord": 0.9, "roundPer": "increment", "increment": { "first": 60, "next": 30 } },
          { "id": "voice", "name": "Off-peak", "service": "VOICE", "rateUnit": "S", "price": 0.001, "increment": { "first": 30, "next": 6 } },
          { "id": "sms", "name": "SMS", "service": "SMS", "rateUnit": "MSG", "model": "graduated", "tiers": [ { "from": 0, "to": 2, "price": 0.10 }, { "from": 2, "price": 0.05 } ] },
          { "id": "sms-levy", "name": "Levy", "service": "SMS", "rateUnit": "MSG", "model": "percentage", "percent": 7.5, "percentOf": "sms" }
        ],
        "allowances": [ { "id": "pool", "name": "Pool", "service": "DATA", "quantity": 1, "unit": "MB", "scope": "pooled" } ]
        """);

    [Fact]
    public void Steps_read_in_calculation_order_from_increments_to_rounding()
    {
        // 1.5 MB + 100 B rounded up to 1,573,888 B (1 KB steps); the pooled 1 MB covers 1,048,576 B; 525,312 B = 0.5009765625 MB × 0.02
        var part = Assert.Single(Rate(Mixed, Data(1_572_864 + 100)).Parts);

        Assert.Equal(
            new[]
            {
                "increments 1024/1024: 1572964 B charged as 1573888 B",
                "allowance pool (pooled) covers 1048576 B (0 of 1048576 B left)",
                "billable 0.500977 MB × 0.02 = 0.01001953125",
                "rounded half-up to 2 decimals: 0.01001953125 → 0.01 EUR",
            },
            part.Steps);
        Assert.Equal(1.5009765625m, part.Units);
        Assert.Equal(0.5009765625m, part.BillableUnits);
        Assert.Equal(string.Join("; ", part.Steps), part.Steps.ToString());
    }

    [Fact]
    public void A_call_across_a_band_boundary_keeps_every_step_of_both_parts()
    {
        // Monday 17:58:30 Berlin, 150 s: 90 s peak (connect fee, per-increment prices), 60 s off-peak
        var result = Rate(Mixed, Voice(150, Local(2026, 3, 2, 17, 58, 30)), context: Berlin);

        Assert.Equal(
            new[]
            {
                "increments 60/30: 90 S charged as 90 S",
                "first interval 60 S at 0.13 per 60 S (rounded from 0.13) = 0.13",
                "1 × 30 S at 0.07 each (rounded from 0.065) = 0.07",
                "connect fee 0.05 once per record",
                "rounded half-up to 2 decimals: 0.25 → 0.25 EUR",
                "increments of 6 continuing the record: 60 S charged as 60 S",
                "billable 60 S × 0.001 = 0.06",
                "rounded half-up to 2 decimals: 0.06 → 0.06 EUR",
            },
            result.Parts.SelectMany(p => p.Steps));
    }

    [Fact]
    public void A_percentage_part_and_counter_deltas_follow_the_charge()
    {
        var counters = Counters(charges: [("sms", 1m)]);

        var result = Rate(Mixed, new UsageRecord("sms-1", ServiceCodes.Sms, 3, Local(2026, 3, 2, 9, 0)), counters);

        Assert.Equal(new[] { "sms", "sms-levy" }, result.Parts.Select(p => p.ChargeId));
        Assert.Equal(
            new[] { "graduated tier 0–2 MSG: 1 MSG × 0.1 = 0.1", "graduated tier 2–∞ MSG: 2 MSG × 0.05 = 0.1", "rounded half-up to 2 decimals: 0.2 → 0.2 EUR" },
            result.Parts[0].Steps);
        Assert.Equal(new[] { "7.5 % of sms 0.2 = 0.015", "rounded half-up to 2 decimals: 0.015 → 0.02 EUR" }, result.Parts[1].Steps);
        var delta = Assert.Single(result.CounterDeltas);
        Assert.Equal((CounterKind.ChargeQuantity, "sms", 3m), (delta.Kind, delta.Id, delta.Quantity));
    }

    [Fact]
    public void Steps_appended_into_one_text_read_as_the_rendered_steps_joined()
    {
        // The ledger write appends the steps of every part straight into one text; read line by line (an invoice
        // detail, a test) they are the same lines. Increments, allowances, bands, connect fee, tiers and percentages.
        var plans = new[] { RatingPlan.For(Mixed), RatingPlan.For(RatingWorkload.DeclarativeProduct()) };
        var records = RatingWorkload.Records(500)
            .Concat([Data(1_572_864 + 100), Voice(150, Local(2026, 3, 2, 17, 58, 30)), new UsageRecord("sms-1", ServiceCodes.Sms, 3, Local(2026, 3, 2, 9, 0))])
            .ToArray();
        var compared = 0;
        for (var i = 0; i < records.Length; i++)
        {
            var plan = plans[i % 2];
            var appended = new System.Text.StringBuilder("before");
            var written = 1;
            foreach (var part in RatingEngine.Rate(plan, records[i], RatingCounters.Empty("2026-03"), Berlin).Parts)
            {
                written = part.AppendSteps(appended, " | ", written);
            }

            var rendered = RatingEngine.Rate(plan, records[i], RatingCounters.Empty("2026-03"), Berlin).Parts;
            var lines = rendered.SelectMany(p => p.Steps).ToList();
            Assert.Equal(string.Join(" | ", ["before", .. lines]), appended.ToString());
            Assert.Equal(1 + lines.Count, written);

            // Steps already read are appended as they were read.
            var again = new System.Text.StringBuilder();
            var count = 0;
            foreach (var part in rendered)
            {
                count = part.AppendSteps(again, " | ", count);
            }

            Assert.Equal(string.Join(" | ", lines), again.ToString());
            compared += lines.Count;
        }

        Assert.True(compared > 1_000, $"only {compared} lines compared");
    }

    [Fact]
    public void Rating_on_many_threads_and_between_products_gives_what_one_thread_gives()
    {
        var plans = new[] { RatingPlan.For(Mixed), RatingPlan.For(RatingWorkload.DeclarativeProduct()) };
        var records = RatingWorkload.Records(2_000);
        string RateAll(int seed)
        {
            var lines = new List<string>();
            for (var i = 0; i < records.Length; i++)
            {
                // Alternate products record by record so the per-thread scratch changes plans all the time.
                var plan = plans[(i + seed) % 2];
                var result = RatingEngine.Rate(plan, records[i], RatingCounters.Empty("2026-03"), Berlin);
                lines.Add($"{plan.Product.Id} {result.Total} {string.Join(" | ", result.Parts.SelectMany(p => p.Steps))} {string.Join(",", result.CounterDeltas)}");
            }

            return string.Join("\n", lines);
        }

        var expected = new[] { RateAll(0), RateAll(1) };

        var parallel = new string[8];
        Parallel.For(0, parallel.Length, k => parallel[k] = RateAll(k % 2));

        for (var k = 0; k < parallel.Length; k++)
        {
            Assert.Equal(expected[k % 2], parallel[k]);
        }
    }

    [Fact]
    public void A_refused_record_leaves_nothing_behind_for_the_next_one()
    {
        var product = Product("""
            "timeBands": [ { "id": "peak", "windows": [ { "days": ["monday"], "from": "08:00", "to": "18:00" } ] } ],
            "usageCharges": [ { "id": "voice-peak", "name": "Peak", "service": "VOICE", "rateUnit": "S", "price": 0.01, "timeBand": "peak" } ],
            "allowances": [ { "id": "free", "name": "Free", "service": "VOICE", "quantity": 10, "unit": "S", "timeBand": "peak" } ]
            """);

        // Monday 17:59:50 for 20 s: the peak piece takes the allowance, then the off-peak piece has no charge.
        Assert.Throws<DomainException>(() => Rate(product, Voice(20, Local(2026, 3, 2, 17, 59, 50)), context: Berlin));
        var next = Rate(product, Voice(30, Local(2026, 3, 2, 9, 0)), context: Berlin);

        Assert.Equal(0.20m, next.Total);
        Assert.Equal(10m, Assert.Single(next.CounterDeltas).Quantity);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    public void The_local_clock_reads_what_NodaTime_reads(string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var clock = new LocalClock(zone);
        var random = new Random(7);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Random instants over two years (so DST changes both ways), in no order, with offsets of their own.
        for (var i = 0; i < 20_000; i++)
        {
            var instant = start.AddSeconds(random.NextInt64(0, 2L * 366 * 86_400)).ToOffset(TimeSpan.FromHours(random.Next(-12, 13)));
            var expected = Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime.ToDateTimeUnspecified();

            Assert.Equal((expected, DateTimeKind.Unspecified), (clock.LocalDateTime(instant), clock.LocalDateTime(instant).Kind));
        }
    }

    [Fact]
    public void The_local_clock_is_exact_on_both_sides_of_a_clock_change()
    {
        var clock = new LocalClock(DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
        var change = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTime(2026, 3, 29, 1, 59, 59, 999).AddTicks(9999), clock.LocalDateTime(change.AddTicks(-1)));
        Assert.Equal(new DateTime(2026, 3, 29, 3, 0, 0), clock.LocalDateTime(change));
        Assert.Equal(new DateTime(2026, 3, 29, 1, 59, 59, 999).AddTicks(9999), clock.LocalDateTime(change.AddTicks(-1)));
    }
}
