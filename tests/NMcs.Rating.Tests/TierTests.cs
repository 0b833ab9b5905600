using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class TierTests
{
    // DATA per MB: graduated 0–100 MB at 0.10, above 100 MB at 0.05.
    private static readonly ProductOffering Graduated = Product("""
        "usageCharges": [
          { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "graduated",
            "tiers": [ { "from": 0, "to": 100, "price": 0.10 }, { "from": 100, "price": 0.05 } ] }
        ]
        """);

    // DATA per MB: volume 0–1000 MB at 0.01, above 1000 MB at 0.005.
    private static readonly ProductOffering Volume = Product("""
        "usageCharges": [
          { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "volume",
            "tiers": [ { "from": 0, "to": 1000, "price": 0.01 }, { "from": 1000, "price": 0.005 } ] }
        ]
        """);

    // DATA: flat fee 5.00 on entering 0–100 MB, 3.00 on entering above 100 MB.
    private static readonly ProductOffering FlatPerTier = Product("""
        "usageCharges": [
          { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "flatPerTier",
            "tiers": [ { "from": 0, "to": 100, "flatFee": 5.00 }, { "from": 100, "flatFee": 3.00 } ] }
        ]
        """);

    [Fact]
    public void Graduated_exactly_at_the_tier_boundary_stays_in_the_first_tier()
    {
        // 100 MB from an empty cycle: all 100 in tier 0–100 → 100 × 0.10 = 10.00
        var result = Rate(Graduated, Data(100 * Mb));

        Assert.Equal(10.00m, result.Total);
        Assert.Equal(100m, result.Parts[0].BillableUnits);
        var delta = Assert.Single(result.CounterDeltas);
        Assert.Equal(new CounterDelta(CounterKind.ChargeQuantity, "data", CounterScope.Subscription, "2026-03", 100 * Mb), delta);
    }

    [Fact]
    public void Graduated_one_past_the_boundary_prices_the_extra_unit_in_the_next_tier()
    {
        // 101 MB: 100 × 0.10 = 10.00 in tier 1, 1 × 0.05 = 0.05 in tier 2 → 10.05
        var result = Rate(Graduated, Data(101 * Mb));

        Assert.Equal(10.05m, result.Total);
        Assert.Equal(10.05m, result.Parts[0].UnroundedAmount);
    }

    [Fact]
    public void Graduated_continues_from_the_cycle_counter()
    {
        // 99 MB already this cycle; 2 MB more: 1 MB to reach 100 at 0.10 = 0.10, 1 MB past it at 0.05 = 0.05 → 0.15
        var result = Rate(Graduated, Data(2 * Mb), Counters(charges: [("data", 99 * Mb)]));

        Assert.Equal(0.15m, result.Total);
        Assert.Equal(2 * Mb, Assert.Single(result.CounterDeltas).Quantity);
    }

    [Fact]
    public void Volume_exactly_at_the_boundary_prices_at_the_first_tier()
    {
        // cycle total 1000 MB is still in tier 0–1000: 1000 × 0.01 = 10.00
        var result = Rate(Volume, Data(1000 * Mb));

        Assert.Equal(10.00m, result.Total);
    }

    [Fact]
    public void Volume_one_past_the_boundary_prices_every_unit_of_the_record_at_the_next_tier()
    {
        // cycle total 1001 MB reaches tier 1000+: 1001 × 0.005 = 5.005 → half-up 5.01
        var result = Rate(Volume, Data(1001 * Mb));

        Assert.Equal(5.005m, result.Parts[0].UnroundedAmount);
        Assert.Equal(5.01m, result.Total);
    }

    [Fact]
    public void Volume_tiers_are_trued_up_at_cycle_end()
    {
        // record 1: 600 MB, total 600 in tier 1: 600 × 0.01 = 6.00
        // record 2: 600 MB, total 1200 in tier 2: 600 × 0.005 = 3.00; charged 9.00 in real time
        // cycle end: 1200 × 0.005 = 6.00 → adjustment 6.00 − 9.00 = −3.00
        var counters = RatingCounters.Empty("2026-03");
        var first = Rate(Volume, Data(600 * Mb), counters);
        counters = counters.Apply(first.CounterDeltas);
        var second = Rate(Volume, Data(600 * Mb, id: "rec-2"), counters);
        counters = counters.Apply(second.CounterDeltas);

        Assert.Equal(6.00m, first.Total);
        Assert.Equal(3.00m, second.Total);
        var adjustment = Assert.Single(CycleTrueUp.ForCycle(Volume, counters, new Dictionary<string, decimal> { ["data"] = first.UnroundedTotal + second.UnroundedTotal }));
        Assert.Equal("data", adjustment.ChargeId);
        Assert.Equal(1200m, adjustment.Units);
        Assert.Equal(0.005m, adjustment.TierPrice);
        Assert.Equal(6.00m, adjustment.CorrectAmount);
        Assert.Equal(-3.00m, adjustment.RoundedAdjustment);
    }

    [Fact]
    public void Volume_true_up_at_exactly_the_boundary_changes_nothing()
    {
        // 600 MB (total 600) at 0.01 = 6.00, then 400 MB (total 1000, still tier 1) at 0.01 = 4.00; charged 10.00
        // cycle end: 1000 × 0.01 = 10.00 → adjustment 0
        var adjustment = CycleTrueUp.VolumeCharge(Volume, "data", "2026-03", 1000 * Mb, 10.00m);

        Assert.Equal(0m, adjustment.Adjustment);
        Assert.Equal(0m, adjustment.TierFrom);
    }

    [Fact]
    public void Flat_fee_per_tier_is_charged_once_when_the_cycle_enters_the_tier()
    {
        // 1 MB from 0: enters tier 0–100 → 5.00
        // 99 MB more (total exactly 100): still tier 0–100 → 0.00
        // 1 MB more (total 101): enters tier 100+ → 3.00
        var counters = RatingCounters.Empty("2026-03");
        var first = Rate(FlatPerTier, Data(1 * Mb), counters);
        counters = counters.Apply(first.CounterDeltas);
        var second = Rate(FlatPerTier, Data(99 * Mb), counters);
        counters = counters.Apply(second.CounterDeltas);
        var third = Rate(FlatPerTier, Data(1 * Mb), counters);

        Assert.Equal(5.00m, first.Total);
        Assert.Equal(0.00m, second.Total);
        Assert.Equal(3.00m, third.Total);
    }
}
