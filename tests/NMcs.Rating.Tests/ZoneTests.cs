using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class ZoneTests
{
    // VOICE per MIN, 60/1: German fixed (49) 0.05, German mobile (4915, 4916) 0.15, anything else 0.50.
    private static readonly ProductOffering Destinations = Product("""
        "zones": [
          { "id": "de", "destinationPrefixes": ["49"] },
          { "id": "de-mobile", "destinationPrefixes": ["4915", "4916"] }
        ],
        "usageCharges": [
          { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.50, "increment": { "first": 60, "next": 1 } },
          { "id": "voice-de", "name": "Calls Germany", "service": "VOICE", "rateUnit": "MIN", "price": 0.05, "zone": "de", "increment": { "first": 60, "next": 1 } },
          { "id": "voice-mobile", "name": "Calls German mobiles", "service": "VOICE", "rateUnit": "MIN", "price": 0.15, "zone": "de-mobile", "increment": { "first": 60, "next": 1 } }
        ]
        """);

    // DATA per MB: home 0.01, EU roaming (MCC 234 and 208) 0.05, preferred partner 234-15 at 0.03.
    private static readonly ProductOffering Roaming = Product("""
        "zones": [
          { "id": "eu", "visitedNetworks": ["234", "208"] },
          { "id": "eu-partner", "visitedNetworks": ["234-15"] }
        ],
        "usageCharges": [
          { "id": "data-home", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.01 },
          { "id": "data-eu", "name": "Data EU", "service": "DATA", "rateUnit": "MB", "price": 0.05, "zone": "eu" },
          { "id": "data-partner", "name": "Data partner", "service": "DATA", "rateUnit": "MB", "price": 0.03, "zone": "eu-partner" }
        ]
        """);

    [Theory]
    [InlineData("+4915112345678", "de-mobile", "voice-mobile", 0.15)] // 4915 is longer than 49: 1 MIN × 0.15
    [InlineData("49301234567", "de", "voice-de", 0.05)]              // only 49 matches: 1 MIN × 0.05
    [InlineData("+33612345678", null, "voice", 0.50)]                // no zone: fallback charge 1 MIN × 0.50
    public void The_longest_destination_prefix_decides_the_zone(string destination, string? zone, string charge, decimal expected)
    {
        var result = Rate(Destinations, Voice(60, destination: destination));

        Assert.Equal(zone, result.Zone);
        Assert.Equal(charge, result.Parts[0].ChargeId);
        Assert.Equal(expected, result.Total);
    }

    [Theory]
    [InlineData("234-15", "eu-partner", 0.03)] // MCC-MNC match beats its MCC: 1 MB × 0.03
    [InlineData("234-30", "eu", 0.05)]         // only MCC 234 matches: 1 MB × 0.05
    [InlineData("208-01", "eu", 0.05)]         // MCC 208: 1 MB × 0.05
    [InlineData("310-260", null, 0.01)]        // not a zone: home price 1 MB × 0.01
    public void Roaming_zone_by_visited_network(string visited, string? zone, decimal expected)
    {
        var result = Rate(Roaming, Data(Mb, visited: visited));

        Assert.Equal(zone, result.Zone);
        Assert.Equal(expected, result.Total);
    }

    [Fact]
    public void A_roaming_network_decides_the_zone_before_the_destination()
    {
        // Visited 234-15 and destination 49…: roaming wins → zone eu-partner (data has no destination zone charge anyway)
        var result = RatingEngine.Rate(Roaming, new UsageRecord("r", ServiceCodes.Data, Mb, Local(2026, 3, 3, 9, 0), Destination: "4930", VisitedNetwork: "234-15"), RatingCounters.Empty("2026-03"), Berlin);

        Assert.Equal("eu-partner", result.Zone);
    }
}
