using NMcs.Catalog;

namespace NMcs.Core.Tests;

public class UsageUnitsTests
{
    [Theory]
    [InlineData(ServiceType.Data, "B", 1)]
    [InlineData(ServiceType.Data, "KB", 1_024)]
    [InlineData(ServiceType.Data, "MB", 1_048_576)]
    [InlineData(ServiceType.Data, "mb", 1_048_576)]
    [InlineData(ServiceType.Data, "GB", 1_073_741_824)]
    [InlineData(ServiceType.Sms, "MSG", 1)]
    [InlineData(ServiceType.Voice, "S", 1)]
    [InlineData(ServiceType.Voice, "MIN", 60)]
    public void BaseUnitsPer_uses_binary_data_units_and_seconds(ServiceType service, string unit, long expected)
    {
        Assert.Equal<decimal?>(expected, UsageUnits.BaseUnitsPer(service, unit));
    }

    [Theory]
    [InlineData(ServiceType.Sms, "MB")]
    [InlineData(ServiceType.Data, "MIN")]
    [InlineData(ServiceType.Voice, "MSG")]
    [InlineData(ServiceType.Data, "MiB")]
    public void BaseUnitsPer_is_null_for_a_unit_the_service_does_not_use(ServiceType service, string unit)
    {
        Assert.Null(UsageUnits.BaseUnitsPer(service, unit));
    }

    [Fact]
    public void ToBaseUnits_converts_quantities()
    {
        // 1.5 MB x 1,048,576 = 1,572,864 bytes; 2.5 MIN x 60 = 150 s; 3 KB x 1024 = 3072 bytes
        Assert.Equal(1_572_864m, UsageUnits.ToBaseUnits(ServiceType.Data, 1.5m, "MB"));
        Assert.Equal(150m, UsageUnits.ToBaseUnits(ServiceType.Voice, 2.5m, "MIN"));
        Assert.Equal(3_072m, UsageUnits.ToBaseUnits(ServiceType.Data, 3m, "KB"));
    }

    [Fact]
    public void ToBaseUnits_refuses_a_unit_not_valid_for_the_service()
    {
        var error = Assert.Throws<DomainException>(() => UsageUnits.ToBaseUnits(ServiceType.Sms, 1m, "MB"));

        Assert.Equal("INVALID_UNIT", error.Code);
        Assert.Equal("unit", error.Field);
        Assert.Contains("MSG", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATA", ServiceType.Data)]
    [InlineData("data", ServiceType.Data)]
    [InlineData("Sms", ServiceType.Sms)]
    [InlineData("VOICE", ServiceType.Voice)]
    public void ParseService_is_case_insensitive(string value, ServiceType expected) =>
        Assert.Equal(expected, UsageUnits.ParseService(value));

    [Theory]
    [InlineData("FAX")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseService_refuses_unknown_names_and_numbers(string? value)
    {
        var error = Assert.Throws<DomainException>(() => UsageUnits.ParseService(value));

        Assert.Equal("INVALID_SERVICE_TYPE", error.Code);
        Assert.Equal("serviceType", error.Field);
    }

    [Theory]
    [InlineData("DATA,SMS")]
    [InlineData("Data, Sms")]
    public void ParseService_refuses_a_list_of_services(string value)
    {
        var error = Assert.Throws<DomainException>(() => UsageUnits.ParseService(value));

        Assert.Equal("INVALID_SERVICE_TYPE", error.Code);
    }
}
