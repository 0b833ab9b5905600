using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using NodaTime;

namespace NMcs.Rating.Tests;

/// <summary>Builds small products from JSON fragments and rates records against them.</summary>
internal static class TestCatalog
{
    public const decimal Kb = 1_024m;
    public const decimal Mb = 1_048_576m;

    /// <summary>An account in Europe/Berlin without holidays of its own.</summary>
    public static readonly RatingContext Berlin = RatingContext.For("Europe/Berlin");

    /// <summary>A full catalog document around one product whose other properties are <paramref name="body"/>.</summary>
    public static string Document(string body, string currency = "EUR") =>
        $$"""
        {
          "formatVersion": 1,
          "products": [
            {
              "id": "TEST",
              "version": 1,
              "name": "Test product",
              "status": "published",
              "validFrom": "2026-01-01T00:00:00Z",
              "currency": "{{currency}}",
              {{body}}
            }
          ]
        }
        """;

    /// <summary>Parses a one-product document; fails the test with every error when it is invalid.</summary>
    public static ProductOffering Product(string body, string currency = "EUR")
    {
        var result = CatalogDocument.Parse(Document(body, currency));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Catalog!.Products[0];
    }

    /// <summary>The errors of a one-product document.</summary>
    public static IReadOnlyList<CatalogError> Errors(string body, string currency = "EUR") =>
        CatalogDocument.Parse(Document(body, currency)).Errors;

    /// <summary>An instant given as Berlin local time.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(Berlin.TimeZone).ToDateTimeOffset();

    public static RatingResult Rate(ProductOffering product, UsageRecord record, RatingCounters? counters = null, RatingContext? context = null) =>
        RatingEngine.Rate(product, record, counters ?? RatingCounters.Empty("2026-03"), context ?? Berlin);

    public static UsageRecord Data(decimal bytes, DateTimeOffset? at = null, TimeSpan? duration = null, string? visited = null, string id = "rec-1") =>
        new(id, ServiceCodes.Data, bytes, at ?? Local(2026, 3, 10, 12, 0), duration, VisitedNetwork: visited);

    public static UsageRecord Voice(decimal seconds, DateTimeOffset? at = null, string? destination = null, string id = "call-1") =>
        new(id, ServiceCodes.Voice, seconds, at ?? Local(2026, 3, 10, 12, 0), Destination: destination);

    /// <summary>Counters of cycle 2026-03 with the given used quantities (base units).</summary>
    public static RatingCounters Counters(string cycle = "2026-03", (string Id, decimal Used)[]? allowances = null, (string Id, decimal Quantity)[]? charges = null) =>
        new(
            cycle,
            (allowances ?? []).ToDictionary(a => a.Id, a => a.Used),
            (charges ?? []).ToDictionary(c => c.Id, c => c.Quantity));
}
