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

public class ProductValidateTests
{
    private static Product ValidProduct() => new(
        "IOT-1GB",
        1,
        "IoT 1 GB",
        Currency.Eur,
        4.99m,
        9.50m,
        [
            new UsageCharge(ServiceType.Data, "MB", 0.02m, 1024m),
            new UsageCharge(ServiceType.Sms, "MSG", 0.09m, 0m),
        ]);

    [Fact]
    public void Validate_returns_a_valid_product()
    {
        var product = ValidProduct();

        Assert.Same(product, Product.Validate(product));
    }

    [Fact]
    public void UsageChargeFor_finds_the_service_or_null()
    {
        var product = ValidProduct();

        Assert.Equal(0.02m, product.UsageChargeFor(ServiceType.Data)!.PricePerUnit);
        Assert.Null(product.UsageChargeFor(ServiceType.Voice));
    }

    public static TheoryData<string, string> InvalidProducts => new()
    {
        { "negative monthly fee", "monthlyFee" },
        { "negative activation fee", "activationFee" },
        { "duplicate service", "usageCharges[1].service" },
        { "bad rate unit", "usageCharges[1].rateUnit" },
        { "negative price", "usageCharges[0].pricePerUnit" },
        { "negative allowance", "usageCharges[0].includedUnits" },
        { "empty id", "id" },
        { "id too long", "id" },
        { "blank name", "name" },
    };

    [Theory]
    [MemberData(nameof(InvalidProducts))]
    public void Validate_refuses_naming_the_field(string problem, string field)
    {
        var valid = ValidProduct();
        var product = problem switch
        {
            "negative monthly fee" => valid with { MonthlyFee = -0.01m },
            "negative activation fee" => valid with { ActivationFee = -1m },
            "duplicate service" => valid with { UsageCharges = [valid.UsageCharges[0], new UsageCharge(ServiceType.Data, "GB", 10m, 1m)] },
            "bad rate unit" => valid with { UsageCharges = [valid.UsageCharges[0], new UsageCharge(ServiceType.Sms, "MB", 0.09m, 0m)] },
            "negative price" => valid with { UsageCharges = [new UsageCharge(ServiceType.Data, "MB", -0.02m, 0m)] },
            "negative allowance" => valid with { UsageCharges = [new UsageCharge(ServiceType.Data, "MB", 0.02m, -1m)] },
            "empty id" => valid with { Id = " " },
            "id too long" => valid with { Id = new string('X', 65) },
            "blank name" => valid with { Name = "" },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var error = Assert.Throws<DomainException>(() => Product.Validate(product));

        Assert.Equal("INVALID_PRODUCT", error.Code);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Validate_names_the_accepted_units_when_the_rate_unit_is_wrong()
    {
        var product = ValidProduct() with { UsageCharges = [new UsageCharge(ServiceType.Voice, "MB", 0.1m, 0m)] };

        var error = Assert.Throws<DomainException>(() => Product.Validate(product));

        Assert.Contains("S, MIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BaseUnitsPerRateUnit_refuses_an_invalid_unit()
    {
        var charge = new UsageCharge(ServiceType.Sms, "MB", 0.1m, 0m);

        var error = Assert.Throws<DomainException>(() => charge.BaseUnitsPerRateUnit);

        Assert.Equal("INVALID_UNIT", error.Code);
        Assert.Equal("rateUnit", error.Field);
        Assert.Equal(1_048_576m, new UsageCharge(ServiceType.Data, "MB", 0.1m, 0m).BaseUnitsPerRateUnit);
    }
}
