using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public partial class DocumentationTests
{
    private static readonly string Docs = Path.Combine(AppContext.BaseDirectory, "docs");
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Docs, "catalog.schema.json"))));

    private static List<string> Examples() =>
        [.. JsonBlock().Matches(File.ReadAllText(Path.Combine(Docs, "catalog.md"))).Select(m => m.Groups[1].Value)];

    private static CatalogDefinition Example(string productId) =>
        Examples().Select(e => CatalogDocument.Parse(e).ThrowIfInvalid()).Single(c => c.Products.Any(p => p.Id == productId));

    [Fact]
    public void Every_json_example_in_catalog_md_parses_and_validates()
    {
        var examples = Examples();

        Assert.True(examples.Count >= 3, $"expected at least 3 complete examples, found {examples.Count}");
        foreach (var example in examples)
        {
            var result = CatalogDocument.Parse(example);
            Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        }
    }

    [Fact]
    public void Every_json_example_in_catalog_md_is_valid_against_the_schema()
    {
        foreach (var example in Examples())
        {
            using var document = JsonDocument.Parse(example);
            Assert.True(Schema.Value.Evaluate(document.RootElement).IsValid, example[..Math.Min(200, example.Length)]);
        }
    }

    [Fact]
    public void The_schema_rejects_what_the_parser_rejects_in_shape()
    {
        using var document = JsonDocument.Parse(Document("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "perunit", "price": 0.02 } ]
            """));

        Assert.False(Schema.Value.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void The_schema_is_json_and_names_every_property_the_parser_accepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docs, "catalog.schema.json")));
        var root = schema.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());

        Assert.Equal(Sorted(CatalogShape.Properties["document"]), Sorted(Names(root.GetProperty("properties"))));
        var definitions = root.GetProperty("$defs");
        foreach (var (kind, accepted) in CatalogShape.Properties.Where(p => p.Key != "document"))
        {
            Assert.True(definitions.TryGetProperty(kind, out var definition), $"$defs/{kind} is missing from the schema");
            Assert.Equal(Sorted(accepted), Sorted(Names(definition.GetProperty("properties"))));
        }
    }

    [Fact]
    public void A_catalog_survives_serialization_unchanged()
    {
        foreach (var example in Examples())
        {
            var once = CatalogDocument.Serialize(CatalogDocument.Parse(example).ThrowIfInvalid());
            var twice = CatalogDocument.Serialize(CatalogDocument.Parse(once).ThrowIfInvalid());

            Assert.Equal(once, twice);
            using var document = JsonDocument.Parse(once);
            Assert.True(Schema.Value.Evaluate(document.RootElement).IsValid);
        }
    }

    [Fact]
    public void Example_1_roaming_uses_the_bonus_then_the_pool_and_world_blocks()
    {
        // 150 MB in 262-01 (zone eu): eu-bonus 100 MB, pool 50 MB, billable 0 → 0.00; surcharge 15 % of 0 = 0.00
        // 25 MB in 310-260 (zone world): ceil(25 / 10) = 3 blocks × 2.50 = 7.50
        var product = Example("IOT-POOL-10").Products[0];
        var eu = Rate(product, Data(150 * Mb, visited: "262-01"));
        var world = Rate(product, Data(25 * Mb, visited: "310-260"));

        Assert.Equal(new[] { ("eu-bonus", 100m), ("pool-10gb", 50m) }, eu.Parts[0].Allowances.Select(a => (a.AllowanceId, a.Quantity / Mb)));
        Assert.Equal(new[] { "data-eu", "data-eu-surcharge" }, eu.Parts.Select(p => p.ChargeId));
        Assert.Equal(0.00m, eu.Total);
        Assert.Equal(("world", 7.50m), (world.Zone, world.Total));
    }

    [Fact]
    public void Example_2_splits_a_call_at_18_00_and_rates_holidays_off_peak()
    {
        // Minutes used up. Tue 7 Apr 2026 17:59:30, 90 s to +49301234567:
        // peak 30 s → first interval 60 s × 0.09/60 = 0.09 + connect fee 0.05 = 0.14; off-peak 30 s × 0.03/60 = 0.015 → 0.02
        // Fri 25 Dec 2026 10:00 (holiday), 61 s to a German mobile: off-peak 61/60 × 0.03 = 0.0305 → 0.03
        var product = Example("VOICE-SMS-PRO").Products[0];
        var usedUp = Counters("2026-04", allowances: [("minutes-100", 6_000m)]);

        var call = Rate(product, Voice(90, Local(2026, 4, 7, 17, 59, 30), "+49301234567"), usedUp);
        var holiday = Rate(product, Voice(61, Local(2026, 12, 25, 10, 0), "+4915112345678"), usedUp);

        Assert.Equal(new[] { 0.14m, 0.02m }, call.Parts.Select(p => p.Amount));
        Assert.Equal(("voice-off-peak", "off-peak", "mobile-de", 0.03m), (holiday.Parts[0].ChargeId, holiday.Parts[0].Band, holiday.Zone, holiday.Total));
    }

    [Fact]
    public void Example_3_prices_a_meter_reading_across_three_tiers()
    {
        // 80 kWh used; 450 kWh more: 20 × 0.32 = 6.40, 400 × 0.28 = 112.00, 30 × 0.25 = 7.50 → 125.90
        var product = Example("POWER-HOME").Products[0];

        var result = Rate(product, new UsageRecord("m-1", "METER", 450_000m, Local(2026, 3, 31, 23, 45)), Counters(charges: [("energy", 80_000m)]));

        Assert.Equal(125.90m, result.Total);
        Assert.Equal(450_000m, Assert.Single(result.CounterDeltas).Quantity);
    }

    private static List<string> Names(JsonElement properties) => [.. properties.EnumerateObject().Select(p => p.Name)];

    private static List<string> Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
