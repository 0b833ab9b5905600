using NMcs.Catalog.Model;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class ValidatorTests
{
    private const string DataCharge = """{ "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02 }""";

    private static CatalogError SingleError(string body, string currency = "EUR")
    {
        var errors = Errors(body, currency);
        Assert.True(errors.Count == 1, "expected one error, got: " + string.Join(Environment.NewLine, errors));
        return errors[0];
    }

    [Fact]
    public void An_unknown_enum_value_is_refused_with_the_accepted_values()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "perunit", "price": 0.02 } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/model", error.Pointer);
        Assert.Contains("write it as perUnit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_model_is_the_only_error_of_an_otherwise_sound_tiered_charge()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "graduatd",
              "tiers": [ { "from": 0, "to": 100, "price": 0.10 }, { "from": 100, "price": 0.05 } ] } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/model", error.Pointer);
        Assert.Contains("use one of perUnit, graduated, volume, block, flatPerTier, percentage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_price_is_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": -0.02 } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/price", error.Pointer);
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_tiers_are_refused_at_the_later_tier()
    {
        // The pointer of the brief: third usage charge, second tier, its from.
        var error = SingleError($$"""
            "usageCharges": [
              {{DataCharge}},
              { "id": "sms", "name": "SMS", "service": "SMS", "rateUnit": "MSG", "price": 0.09 },
              { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "model": "graduated",
                "tiers": [ { "from": 0, "to": 100, "price": 0.10 }, { "from": 90, "price": 0.05 } ] }
            ]
            """);

        Assert.Equal("/products/0/usageCharges/2/tiers/1/from", error.Pointer);
        Assert.Contains("overlaps tier 0, which ends at 100; set from to 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gapped_tiers_are_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "volume",
              "tiers": [ { "from": 0, "to": 100, "price": 0.10 }, { "from": 120, "price": 0.05 } ] } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/tiers/1/from", error.Pointer);
        Assert.Contains("gap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_last_tier_is_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "graduated",
              "tiers": [ { "from": 0, "to": 100, "price": 0.10 } ] } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/tiers/0/to", error.Pointer);
    }

    [Fact]
    public void An_unknown_time_band_is_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02, "timeBand": "peak" } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/timeBand", error.Pointer);
    }

    [Fact]
    public void An_unknown_zone_is_refused_naming_the_defined_ones()
    {
        var error = SingleError("""
            "zones": [ { "id": "eu", "visitedNetworks": ["208"] } ],
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02, "zone": "europe" } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/zone", error.Pointer);
        Assert.Contains("use one of eu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_charge_id_in_a_discount_is_refused()
    {
        var error = SingleError($$"""
            "usageCharges": [ {{DataCharge}} ],
            "discounts": [ { "id": "d", "name": "Launch", "kind": "percentage", "value": 10, "charges": ["datta"] } ]
            """);

        Assert.Equal("/products/0/discounts/0/charges/0", error.Pointer);
        Assert.Contains("use one of data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_currency_that_is_not_iso_4217_is_refused()
    {
        var error = SingleError($$""" "usageCharges": [ {{DataCharge}} ] """, currency: "EURO");

        Assert.Equal("/products/0/currency", error.Pointer);
        Assert.Contains("ISO 4217", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_unit_of_another_service_is_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MIN", "price": 0.02 } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/rateUnit", error.Pointer);
        Assert.Contains("use one of B, KB, MB, GB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_to_not_after_valid_from_is_refused()
    {
        var error = SingleError($$"""
            "validTo": "2025-12-31T00:00:00Z",
            "usageCharges": [ {{DataCharge}} ]
            """);

        Assert.Equal("/products/0/validTo", error.Pointer);
    }

    [Fact]
    public void A_duplicate_charge_id_is_refused_at_the_second_use()
    {
        var error = SingleError($$"""
            "recurringCharges": [ { "id": "data", "name": "Fee", "price": 1 } ],
            "usageCharges": [ {{DataCharge}} ]
            """);

        Assert.Equal("/products/0/usageCharges/0/id", error.Pointer);
        Assert.Contains("/products/0/recurringCharges/0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_product_version_is_refused()
    {
        var product = """{ "id": "P", "version": 1, "name": "P", "validFrom": "2026-01-01T00:00:00Z", "currency": "EUR" }""";

        var errors = CatalogDocument.Parse($$"""{ "formatVersion": 1, "products": [ {{product}}, {{product}} ] }""").Errors;

        Assert.Equal("/products/1/version", Assert.Single(errors).Pointer);
    }

    [Fact]
    public void Every_error_of_a_document_is_reported_at_once()
    {
        var result = CatalogDocument.Parse(Document("""
            "usageCharges": [
              { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MIN", "price": -1, "prise": 2 },
              { "id": "sms", "name": "SMS", "service": "SMS", "rateUnit": "MSG", "price": 0.09, "zone": "nowhere" }
            ],
            "allowances": [ { "id": "a", "name": "A", "service": "DATA", "quantity": 1, "unit": "GB", "scope": "shared" } ]
            """, currency: "XXX"));

        Assert.False(result.IsValid);
        Assert.Null(result.Catalog);
        Assert.Equal(
            new[]
            {
                "/products/0/currency",
                "/products/0/usageCharges/0/prise",
                "/products/0/allowances/0/scope",
                "/products/0/usageCharges/0/rateUnit",
                "/products/0/usageCharges/0/price",
                "/products/0/usageCharges/1/zone",
            },
            result.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public void A_misspelt_property_is_refused_with_a_suggestion()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02, "conectFee": 0.05 } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/conectFee", error.Pointer);
        Assert.Contains("did you mean 'connectFee'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_given_twice_is_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02, "price": 0.03 } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/price", error.Pointer);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_written_as_a_string_is_refused()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": "0.02" } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/price", error.Pointer);
        Assert.Contains("must be a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_property_is_reported_where_it_belongs()
    {
        var error = SingleError("""
            "usageCharges": [ { "id": "data", "service": "DATA", "rateUnit": "MB", "price": 0.02 } ]
            """);

        Assert.Equal("/products/0/usageCharges/0/name", error.Pointer);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_at_the_document()
    {
        var result = CatalogDocument.Parse("""{ "formatVersion": 1, "products": [ """);

        Assert.Equal("", Assert.Single(result.Errors).Pointer);
        Assert.Contains("not valid JSON", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_band_windows_are_refused()
    {
        var error = SingleError($$"""
            "timeBands": [
              { "id": "peak", "windows": [ { "days": ["monday"], "from": "08:00", "to": "18:00" } ] },
              { "id": "evening", "windows": [ { "days": ["monday", "tuesday"], "from": "17:00", "to": "24:00" } ] }
            ],
            "usageCharges": [ {{DataCharge}} ]
            """);

        Assert.Equal("/products/0/timeBands/1/windows/0", error.Pointer);
        Assert.Contains("monday", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instant_without_offset_is_refused()
    {
        var error = SingleError($$"""
            "validTo": "2027-01-01T00:00:00",
            "usageCharges": [ {{DataCharge}} ]
            """);

        Assert.Equal("/products/0/validTo", error.Pointer);
    }

    [Fact]
    public void A_validated_model_built_in_code_reports_pointers_too()
    {
        var product = Product($$""" "usageCharges": [ {{DataCharge}} ] """) with
        {
            Allowances = [new Allowance { Id = "a", Name = "A", Service = "DATA", Quantity = -5, Unit = "MB" }],
        };

        var error = Assert.Single(CatalogValidator.ValidateProduct(product));

        Assert.Equal("/allowances/0/quantity", error.Pointer);
    }

    [Fact]
    public void Parse_or_throw_lists_every_error_in_one_domain_exception()
    {
        var result = CatalogDocument.Parse(Document($$""" "usageCharges": [ {{DataCharge}} ] """, currency: "ABC"));

        var error = Assert.Throws<DomainException>(() => result.ThrowIfInvalid());

        Assert.Equal(("INVALID_CATALOG", "/products/0/currency"), (error.Code, error.Field));
    }

    [Fact]
    public void A_recurring_charge_without_suspension_is_charged_in_full_while_suspended()
    {
        var product = Product(""" "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50 } ] """);

        Assert.Equal((SuspensionPolicy.Charge, (decimal?)null), (product.RecurringCharges[0].Suspension, product.RecurringCharges[0].SuspendedPrice));

        // The default is not written, so documents stored before the policy existed serialise unchanged.
        Assert.DoesNotContain("suspen", CatalogDocument.Serialize(new CatalogDefinition { Products = [product] }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reduced_suspension_price_is_read_and_written_back()
    {
        var product = Product("""
            "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50, "suspension": "reduced", "suspendedPrice": 0.50 } ]
            """);

        var again = CatalogDocument.Parse(CatalogDocument.Serialize(new CatalogDefinition { Products = [product] })).ThrowIfInvalid().Products[0];

        Assert.Equal((SuspensionPolicy.Reduced, 0.50m), (again.RecurringCharges[0].Suspension, again.RecurringCharges[0].SuspendedPrice));
    }

    [Fact]
    public void A_reduced_suspension_without_its_price_is_refused()
    {
        var error = SingleError("""
            "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50, "suspension": "reduced" } ]
            """);

        Assert.Equal("/products/0/recurringCharges/0/suspendedPrice", error.Pointer);
        Assert.Contains("suspendedPrice is required when suspension is reduced", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("charge")]
    [InlineData("free")]
    public void A_suspended_price_without_the_reduced_policy_is_refused(string policy)
    {
        var error = SingleError($$"""
            "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50, "suspension": "{{policy}}", "suspendedPrice": 0.50 } ]
            """);

        Assert.Equal("/products/0/recurringCharges/0/suspendedPrice", error.Pointer);
        Assert.Contains("set suspension to reduced or remove suspendedPrice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspended_price_above_the_price_is_refused()
    {
        var error = SingleError("""
            "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50, "suspension": "reduced", "suspendedPrice": 2 } ]
            """);

        Assert.Equal("/products/0/recurringCharges/0/suspendedPrice", error.Pointer);
        Assert.Contains("suspendedPrice 2 is more than the price 1.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_suspended_price_is_refused()
    {
        var error = SingleError("""
            "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50, "suspension": "reduced", "suspendedPrice": -0.50 } ]
            """);

        Assert.Equal("/products/0/recurringCharges/0/suspendedPrice", error.Pointer);
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Free", "write it as free")]
    [InlineData("pause", "use one of charge, free, reduced")]
    public void An_unknown_suspension_policy_is_refused(string policy, string fix)
    {
        var error = SingleError($$"""
            "recurringCharges": [ { "id": "sim-fee", "name": "SIM fee", "price": 1.50, "suspension": "{{policy}}" } ]
            """);

        Assert.Equal("/products/0/recurringCharges/0/suspension", error.Pointer);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }
}
