using NMcs.Catalog.Model;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class IncrementTests
{
    private static ProductOffering VoiceProduct(string increment, string extra = "") => Product($$"""
        "usageCharges": [
          { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.10, "increment": {{increment}} {{extra}} }
        ]
        """);

    [Fact]
    public void First_interval_60_charges_a_one_second_call_as_a_minute()
    {
        // 1 s → first interval 60 s = 1 MIN × 0.10 = 0.10
        var result = Rate(VoiceProduct("""{ "first": 60, "next": 1 }"""), Voice(1));

        Assert.Equal(60m, result.Parts[0].ChargedQuantity);
        Assert.Equal(0.10m, result.Total);
    }

    [Theory]
    [InlineData(60, 60, 0.10)] // exactly the first interval: 1 MIN × 0.10 = 0.10
    [InlineData(61, 61, 0.10)] // 60 + 1 × 1 s = 61 s: 61/60 × 0.10 = 0.101666… → 0.10
    [InlineData(90, 90, 0.15)] // 60 + 30 × 1 s = 90 s: 1.5 × 0.10 = 0.15
    public void After_the_first_minute_60_1_charges_per_second(int seconds, int charged, decimal expected)
    {
        var result = Rate(VoiceProduct("""{ "first": 60, "next": 1 }"""), Voice(seconds));

        Assert.Equal(charged, result.Parts[0].ChargedQuantity);
        Assert.Equal(expected, result.Total);
    }

    [Theory]
    [InlineData(29, 30, 0.05)] // up to the first interval: 30 s = 0.5 × 0.10 = 0.05
    [InlineData(30, 30, 0.05)] // exactly 30 s = 0.05
    [InlineData(31, 36, 0.06)] // 30 + one 6 s step = 36 s = 0.6 × 0.10 = 0.06
    [InlineData(37, 42, 0.07)] // 30 + two 6 s steps = 42 s = 0.7 × 0.10 = 0.07
    public void Increments_30_6_round_up_to_six_second_steps(int seconds, int charged, decimal expected)
    {
        var result = Rate(VoiceProduct("""{ "first": 30, "next": 6 }"""), Voice(seconds));

        Assert.Equal(charged, result.Parts[0].ChargedQuantity);
        Assert.Equal(expected, result.Total);
    }

    [Fact]
    public void Data_is_charged_in_whole_kilobytes()
    {
        // 1,500 bytes → 1 KB first interval + 1 KB step = 2,048 bytes = 2 KB × 0.01 = 0.02
        var product = Product("""
            "usageCharges": [
              { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "KB", "price": 0.01, "increment": { "first": 1024, "next": 1024 } }
            ]
            """);

        var result = Rate(product, Data(1_500));

        Assert.Equal(2_048m, result.Parts[0].ChargedQuantity);
        Assert.Equal(2m, result.Parts[0].Units);
        Assert.Equal(0.02m, result.Total);
    }

    [Fact]
    public void Connect_fee_is_added_once_per_record()
    {
        // 90 s at 0.10/MIN with 60/1 = 0.15; connect fee 0.05 → 0.20
        var result = Rate(VoiceProduct("""{ "first": 60, "next": 1 }""", """, "connectFee": 0.05"""), Voice(90));

        Assert.Equal(0.20m, result.Total);
        Assert.Contains(result.Parts[0].Steps, s => s.Contains("connect fee 0.05", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unanswered_call_pays_no_connect_fee()
    {
        // 0 s → nothing charged, no first interval, no connect fee: 0.00
        var result = Rate(VoiceProduct("""{ "first": 60, "next": 1 }""", """, "connectFee": 0.05"""), Voice(0));

        Assert.Equal(0m, result.Parts[0].ChargedQuantity);
        Assert.Equal(0.00m, result.Total);
    }

    [Fact]
    public void Max_cost_per_record_caps_the_record()
    {
        // 20 min = 1,200 s at 0.10/MIN = 2.00 + connect fee 0.05 = 2.05 → capped at 1.00
        var result = Rate(VoiceProduct("""{ "first": 60, "next": 1 }""", """, "connectFee": 0.05, "maxCostPerRecord": 1.00"""), Voice(1_200));

        Assert.Equal(1.00m, result.Total);
        Assert.Contains(result.Parts[0].Steps, s => s.StartsWith("max cost per record 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_under_its_max_cost_is_not_capped()
    {
        // 9 min = 540 s at 0.10/MIN = 0.90 + connect fee 0.05 = 0.95 < 1.00
        var result = Rate(VoiceProduct("""{ "first": 60, "next": 1 }""", """, "connectFee": 0.05, "maxCostPerRecord": 1.00"""), Voice(540));

        Assert.Equal(0.95m, result.Total);
    }
}
