using System.Text.Json;
using NMcs.Api.Ingestion;
using NMcs.Mediation;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>The TMF635 Usage → pipeline record mapping, without a host.</summary>
public sealed class Tmf635UsageMapperTests
{
    private static readonly RecordSource Source = new("push-test", 7);

    [Fact]
    public void Maps_id_date_type_and_characteristics()
    {
        var usage = Map("""
            { "id": "u-1", "@type": "Usage", "usageDate": "2026-03-05T11:00:00+01:00", "usageType": "data", "status": "Received",
              "description": "PGW session", "relatedParty": [ { "id": "ACME", "role": "customer" } ],
              "usageCharacteristic": [
                { "name": "Quantity", "value": 2.5, "valueType": "number" }, { "name": "unit", "value": "mb" },
                { "name": "msisdn", "value": "4915112345678" }, { "name": "durationSeconds", "value": "90" },
                { "name": "visitedNetwork", "value": "234-15" }, { "name": "apn", "value": "iot.example" } ] }
            """);
        Assert.Equal(
            new MediatedUsage("u-1", "msisdn", "4915112345678", new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), "DATA", 2.5m, "MB", 90, null, "234-15", Source),
            usage);
    }

    [Fact]
    public void Iccid_is_preferred_over_imsi_and_msisdn_and_a_quantity_may_be_a_string()
    {
        var usage = Map("""
            { "id": "u-2", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS",
              "usageCharacteristic": [ { "name": "imsi", "value": "262011234567890" }, { "name": "iccid", "value": "8944500102198304826" },
                                       { "name": "quantity", "value": "3" }, { "name": "unit", "value": "EVENTS" } ] }
            """);
        Assert.Equal(("iccid", "8944500102198304826", 3m, "EVENTS"), (usage.SimField, usage.SimId, usage.Quantity, usage.Unit));
    }

    [Theory]
    [InlineData("""{ "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [] }""", "id", "id is missing")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05 10:00", "usageType": "SMS", "usageCharacteristic": [] }""", "usageDate", "ISO 8601")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageCharacteristic": [] }""", "usageType", "usageType is missing")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "status": "billed", "usageCharacteristic": [] }""", "status", "status 'billed'")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS" }""", "usageCharacteristic", "usageCharacteristic is missing")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [ { "name": "unit", "value": "MSG" }, { "name": "iccid", "value": "1" } ] }""", "usageCharacteristic.quantity", "'quantity' is missing")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [ { "name": "quantity", "value": "lots" }, { "name": "unit", "value": "MSG" }, { "name": "iccid", "value": "1" } ] }""", "usageCharacteristic.quantity", "not a number")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [ { "name": "quantity", "value": 1 }, { "name": "iccid", "value": "1" } ] }""", "usageCharacteristic.unit", "'unit' is missing")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [ { "name": "quantity", "value": 1 }, { "name": "unit", "value": "MSG" } ] }""", "usageCharacteristic.iccid", "names no SIM")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [ { "name": "quantity", "value": 1 }, { "name": "quantity", "value": 2 } ] }""", "usageCharacteristic.quantity", "more than once")]
    [InlineData("""{ "id": "x", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS", "usageCharacteristic": [ { "value": 1 } ] }""", "usageCharacteristic[0]", "string name")]
    public void Refuses_naming_the_TMF635_field(string json, string field, string reasonContains)
    {
        var error = Assert.Throws<DomainException>(() => Map(json));
        Assert.Equal(field, error.Field);
        Assert.Contains(reasonContains, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tells_a_usage_resource_from_a_plain_record()
    {
        Assert.True(Tmf635UsageMapper.IsUsageResource(Parse("""{ "id": "x", "usageCharacteristic": [] }""")));
        Assert.True(Tmf635UsageMapper.IsUsageResource(Parse("""{ "@type": "Usage" }""")));
        Assert.False(Tmf635UsageMapper.IsUsageResource(Parse("""{ "recordId": "x", "iccid": "1", "timestamp": "2026-03-05T10:00:00Z" }""")));
        Assert.False(Tmf635UsageMapper.IsUsageResource(Parse("[]")));
    }

    [Fact]
    public void Pipeline_rejections_name_the_TMF635_fields()
    {
        var candidate = PushRecordReader.Read(Parse("""
            { "id": "u-9", "usageDate": "2026-03-05T10:00:00Z", "usageType": "SMS",
              "usageCharacteristic": [ { "name": "quantity", "value": -1 }, { "name": "unit", "value": "MSG" }, { "name": "iccid", "value": "1" } ] }
            """), "push-test", 0);
        var usage = Assert.IsType<MediatedUsage>(candidate.Usage);
        var error = Assert.Throws<DomainException>(() => UsageValidation.Normalise(usage, new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("quantity", error.Field);
        Assert.Equal("usageCharacteristic.quantity", candidate.FieldNames![error.Field!]);
    }

    [Theory]
    [InlineData("DATA", "BYTES", 2_621_440, "B", 2_621_440)]
    [InlineData("DATA", "kib", 2, "KB", 2_048)]
    [InlineData("SMS", "EVENTS", 3, "MSG", 3)]
    [InlineData("VOICE", "SECONDS", 90, "S", 90)]
    [InlineData("VOICE", "MINUTES", 2, "MIN", 120)]
    [InlineData("METER", "kwh", 1.5, "KWH", 1.5)]
    public void Units_are_normalised_to_the_platforms_units(string service, string unit, decimal quantity, string expectedUnit, decimal baseQuantity)
    {
        var usage = new MediatedUsage("n-1", "iccid", "1", new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), service, quantity, unit, null, null, null, Source);
        var normal = UsageValidation.Normalise(usage, new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal((expectedUnit, baseQuantity, service != "METER"), (normal.Unit, normal.BaseQuantity, normal.BaseUnitKnown));
    }

    [Theory]
    [InlineData("data", "MB", "DATA")]
    [InlineData(" Meter_2 ", "KWH", "METER_2")]
    [InlineData("EV_CHARGE_KWH", "KWH", "EV_CHARGE_KWH")]
    public void Service_codes_of_letters_digits_and_underscores_are_accepted_upper_case(string sent, string unit, string code)
    {
        var usage = new MediatedUsage("s-1", "iccid", "1", new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), sent, 1, unit, null, null, null, Source);
        Assert.Equal(code, UsageValidation.Normalise(usage, new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero)).Service);
    }

    [Theory]
    [InlineData("2G", "2G")]
    [InlineData("_DATA", "_DATA")]
    [InlineData("DATA-MO", "DATA-MO")]
    [InlineData("SMS MO", "SMS MO")]
    [InlineData("   ", "")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void Anything_else_is_refused_naming_the_field_and_the_codes_allowed(string sent, string shown)
    {
        var usage = new MediatedUsage("s-2", "iccid", "1", new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), sent, 1, "MSG", null, null, null, Source);
        var error = Assert.Throws<DomainException>(() => UsageValidation.Normalise(usage, new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("serviceType", error.Field);
        Assert.Equal($"serviceType '{shown}' is not a service code; use DATA, SMS, VOICE or a custom service of the product (letters, digits, '_').", error.Message);
    }

    private static MediatedUsage Map(string json) => Tmf635UsageMapper.Map(Parse(json), Source);

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
