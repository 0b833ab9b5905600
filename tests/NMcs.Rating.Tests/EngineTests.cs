using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class EngineTests
{
    // DATA home 0.02/MB; EU roaming 0.05/MB plus a 15 % surcharge of the EU charge; a rule on the home charge.
    private static readonly ProductOffering Roaming = Product("""
        "zones": [ { "id": "eu", "visitedNetworks": ["208"] } ],
        "usageCharges": [
          { "id": "data-home", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02 },
          { "id": "data-eu", "name": "Data EU", "service": "DATA", "rateUnit": "MB", "price": 0.05, "zone": "eu" },
          { "id": "eu-surcharge", "name": "EU surcharge", "service": "DATA", "rateUnit": "MB", "model": "percentage", "percent": 15, "percentOf": "data-eu" }
        ],
        "rules": [ { "name": "night-data-free", "version": 3, "parameters": { "from": "00:00", "to": "06:00" }, "charges": ["data-home"] } ]
        """);

    [Fact]
    public void A_percentage_charge_is_added_as_its_own_part()
    {
        // 10 MB in zone eu: 10 × 0.05 = 0.50; surcharge 15 % of 0.50 = 0.075 → half-up 0.08; total 0.58
        var result = Rate(Roaming, Data(10 * Mb, visited: "208-10"));

        Assert.Equal(new[] { ("data-eu", 0.50m), ("eu-surcharge", 0.08m) }, result.Parts.Select(p => (p.ChargeId, p.Amount)));
        Assert.Equal(0.075m, result.Parts[1].UnroundedAmount);
        Assert.Equal(0.58m, result.Total);
    }

    [Fact]
    public void A_percentage_charge_does_not_follow_other_charges()
    {
        // 10 MB at home: 10 × 0.02 = 0.20 and no surcharge part
        var result = Rate(Roaming, Data(10 * Mb));

        Assert.Equal("data-home", Assert.Single(result.Parts).ChargeId);
        Assert.Equal(0.20m, result.Total);
    }

    [Fact]
    public void Each_part_names_the_rule_the_host_applies()
    {
        var home = Rate(Roaming, Data(Mb));
        var roaming = Rate(Roaming, Data(Mb, visited: "208-01"));

        var rule = home.Parts[0].Rule;
        Assert.NotNull(rule);
        Assert.Equal(("night-data-free", 3, "00:00"), (rule.Name, rule.Version, rule.Parameters["from"]));
        Assert.Null(roaming.Parts[0].Rule);
    }

    [Fact]
    public void A_service_the_product_does_not_sell_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Rate(Roaming, Voice(60)));

        Assert.Equal("SERVICE_NOT_IN_PRODUCT", error.Code);
        Assert.Contains("VOICE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_no_charge_covers_is_refused()
    {
        // Only an EU charge for DATA: a home record has no charge.
        var euOnly = Product("""
            "zones": [ { "id": "eu", "visitedNetworks": ["208"] } ],
            "usageCharges": [ { "id": "data-eu", "name": "Data EU", "service": "DATA", "rateUnit": "MB", "price": 0.05, "zone": "eu" } ]
            """);

        var error = Assert.Throws<DomainException>(() => Rate(euOnly, Data(Mb)));

        Assert.Equal("NO_USAGE_CHARGE", error.Code);
    }

    [Fact]
    public void A_negative_quantity_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Rate(Roaming, Data(-1)));

        Assert.Equal(("INVALID_QUANTITY", "quantity"), (error.Code, error.Field));
    }

    [Fact]
    public void Rating_is_pure_same_input_same_output_and_counters_untouched()
    {
        var counters = Counters(allowances: [("x", 1m)]);

        var first = Rate(Roaming, Data(3 * Mb, visited: "208-01"), counters);
        var second = Rate(Roaming, Data(3 * Mb, visited: "208-01"), counters);

        Assert.Equal(first.Total, second.Total);
        Assert.Equal(first.Parts.SelectMany(p => p.Steps), second.Parts.SelectMany(p => p.Steps));
        Assert.Equal(1m, counters.AllowanceUsed["x"]);
        Assert.Empty(counters.ChargeQuantity);
    }

    [Fact]
    public void Parts_explain_the_calculation()
    {
        // 90 s at 0.09/MIN with 60/1: 1.5 MIN × 0.09 = 0.135 → 0.14
        var product = Product("""
            "usageCharges": [ { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.09, "increment": { "first": 60, "next": 1 } } ]
            """);

        var steps = Rate(product, Voice(90)).Parts[0].Steps;

        Assert.Equal(
            new[]
            {
                "increments 60/1: 90 S charged as 90 S",
                "billable 1.5 MIN × 0.09 = 0.135",
                "rounded half-up to 2 decimals: 0.135 → 0.14 EUR",
            },
            steps);
    }

    [Fact]
    public void The_result_keeps_the_product_version_and_both_amounts()
    {
        var result = Rate(Roaming, Data(Mb / 3));

        Assert.Equal(("TEST", 1, "EUR", "2026-03"), (result.ProductId, result.ProductVersion, result.Currency.Code, result.CycleKey));
        Assert.NotEqual(result.Parts[0].UnroundedAmount, result.Parts[0].Amount);
    }

    [Fact]
    public void A_custom_service_is_rated_in_its_own_units()
    {
        // METER in WH, priced per KWH: 2,500 WH = 2.5 KWH × 0.30 = 0.75
        var product = Product("""
            "customServices": [ { "id": "METER", "baseUnit": "WH", "units": { "WH": 1, "KWH": 1000 } } ],
            "usageCharges": [ { "id": "energy", "name": "Energy", "service": "METER", "rateUnit": "KWH", "price": 0.30 } ]
            """);

        var result = Rate(product, new UsageRecord("m-1", "METER", 2_500m, Local(2026, 3, 31, 23, 0)));

        Assert.Equal(2.5m, result.Parts[0].Units);
        Assert.Equal(0.75m, result.Total);
    }

    [Fact]
    public void The_benchmark_workload_rates_every_record_deterministically()
    {
        var plan = RatingPlan.For(RatingWorkload.DeclarativeProduct());
        var records = RatingWorkload.Records(2_000);

        var first = RatingWorkload.Run(plan, records, Berlin);
        var second = RatingWorkload.Run(plan, records, Berlin);

        Assert.Equal(2_000, first.Records);
        Assert.True(first.Parts >= first.Records);
        Assert.True(first.Total > 0);
        Assert.Equal(first, second);
    }
}
