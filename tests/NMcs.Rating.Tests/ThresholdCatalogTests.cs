using NMcs.Catalog.Model;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

/// <summary>The catalog's <c>notifyAtPercent</c> on allowances: read, validated with JSON pointers, written back.</summary>
public class ThresholdCatalogTests
{
    private const string DataCharge = """{ "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02 }""";

    private static string WithNotify(string notify) => $$"""
        "usageCharges": [ {{DataCharge}} ],
        "allowances": [ { "id": "pool", "name": "Pool", "service": "DATA", "quantity": 10, "unit": "GB", "scope": "pooled", "notifyAtPercent": {{notify}} } ]
        """;

    [Fact]
    public void Percentages_are_read_in_the_order_given_and_a_missing_list_means_the_platform_default()
    {
        var listed = Product(WithNotify("[50, 80, 100]")).Allowances[0];
        var absent = Product($$"""
            "usageCharges": [ {{DataCharge}} ],
            "allowances": [ { "id": "pool", "name": "Pool", "service": "DATA", "quantity": 10, "unit": "GB" } ]
            """).Allowances[0];

        Assert.Equal([50m, 80m, 100m], listed.NotifyAtPercent);
        Assert.Null(absent.NotifyAtPercent);
    }

    [Theory]
    [InlineData("[0]", "/products/0/allowances/0/notifyAtPercent/0")]
    [InlineData("[80, 120]", "/products/0/allowances/0/notifyAtPercent/1")]
    [InlineData("[-5]", "/products/0/allowances/0/notifyAtPercent/0")]
    public void A_percentage_outside_0_to_100_is_refused_naming_its_pointer(string notify, string jsonPointer)
    {
        var error = Assert.Single(Errors(WithNotify(notify)));

        Assert.Equal(jsonPointer, error.Pointer);
        Assert.Contains("above 0 and at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_percentage_is_refused_naming_the_first()
    {
        var error = Assert.Single(Errors(WithNotify("[80, 100, 80.0]")));

        Assert.Equal("/products/0/allowances/0/notifyAtPercent/2", error.Pointer);
        Assert.Contains("already listed at /products/0/allowances/0/notifyAtPercent/0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_percentage_that_is_not_a_number_is_refused_once()
    {
        var error = Assert.Single(Errors(WithNotify("[\"80%\"]")));

        Assert.Equal("/products/0/allowances/0/notifyAtPercent/0", error.Pointer);
        Assert.Contains("must be a number of percent such as 80", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_instead_of_a_number_is_refused_with_the_expected_shape()
    {
        var error = Assert.Single(Errors(WithNotify("80")));

        Assert.Equal("/products/0/allowances/0/notifyAtPercent", error.Pointer);
        Assert.Contains("must be an array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_back_an_empty_list_stays_empty_and_a_missing_one_stays_missing()
    {
        // [] turns notifications off for the allowance; left out keeps the platform default: the difference must survive storage.
        var off = Product(WithNotify("[]"));
        var byDefault = off with { Allowances = [off.Allowances[0] with { NotifyAtPercent = null }] };

        var offAgain = CatalogDocument.Parse(CatalogDocument.Serialize(new CatalogDefinition { Products = [off] })).ThrowIfInvalid().Products[0];
        var defaultAgain = CatalogDocument.Parse(CatalogDocument.Serialize(new CatalogDefinition { Products = [byDefault] })).ThrowIfInvalid().Products[0];

        Assert.Equal([], offAgain.Allowances[0].NotifyAtPercent!);
        Assert.Null(defaultAgain.Allowances[0].NotifyAtPercent);
    }
}
