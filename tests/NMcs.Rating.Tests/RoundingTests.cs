using NMcs.Catalog.Model;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class RoundingTests
{
    private static ProductOffering Voice009(string roundPer) => Product($$"""
        "usageCharges": [
          { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.09, "increment": { "first": 60, "next": 1 }, "roundPer": "{{roundPer}}" }
        ]
        """);

    [Fact]
    public void Rounding_per_record_rounds_the_record_amount_once()
    {
        // 90 s = 1.5 MIN × 0.09 = 0.135 → half-up 0.14
        var result = Rate(Voice009("record"), Voice(90));

        Assert.Equal(0.135m, result.Parts[0].UnroundedAmount);
        Assert.Equal(0.14m, result.Total);
    }

    [Fact]
    public void Rounding_per_increment_rounds_each_increment_price_first()
    {
        // first 60 s: 0.09 × 60/60 = 0.09 (already round); each 1 s: 0.09/60 = 0.0015 → half-up at 2 decimals 0.00
        // 90 s = 0.09 + 30 × 0.00 = 0.09
        var result = Rate(Voice009("increment"), Voice(90));

        Assert.Equal(0.09m, result.Parts[0].UnroundedAmount);
        Assert.Equal(0.09m, result.Total);
    }

    [Fact]
    public void Rounding_per_increment_with_30_6_adds_rounded_steps()
    {
        // 0.49/MIN: first 30 s = 0.245 → 0.25; each 6 s = 0.049 → 0.05
        // 43 s → 30 + 3 × 6 = 48 s: 0.25 + 3 × 0.05 = 0.40 (per record it would be 0.8 × 0.49 = 0.392 → 0.39)
        var product = Product("""
            "usageCharges": [
              { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.49, "increment": { "first": 30, "next": 6 }, "roundPer": "increment" }
            ]
            """);

        Assert.Equal(0.40m, Rate(product, Voice(43)).Total);
    }

    [Theory]
    [InlineData("halfUp", 0.13)]   // 0.125 → half away from zero 0.13
    [InlineData("halfEven", 0.12)] // 0.125 → half to even 0.12
    [InlineData("down", 0.12)]     // 0.125 → towards zero 0.12
    [InlineData("up", 0.13)]       // 0.125 → away from zero 0.13
    public void The_product_rounding_mode_applies_per_part(string mode, decimal expected)
    {
        // 1 MB × 0.125 = 0.125
        var product = Product($$"""
            "rounding": { "mode": "{{mode}}" },
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.125 } ]
            """);

        var result = Rate(product, Data(Mb));

        Assert.Equal(0.125m, result.UnroundedTotal);
        Assert.Equal(expected, result.Total);
    }

    [Fact]
    public void Yen_amounts_round_to_whole_yen()
    {
        // 3 MB × 1.5 JPY = 4.5 → half-up at 0 decimals 5
        var product = Product("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 1.5 } ]
            """, currency: "JPY");

        Assert.Equal(5m, Rate(product, Data(3 * Mb)).Total);
    }
}
