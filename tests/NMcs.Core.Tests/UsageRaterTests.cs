using NMcs.Catalog;
using NMcs.Rating;

namespace NMcs.Core.Tests;

public class UsageRaterTests
{
    private const decimal Mb = 1_048_576m;
    private static readonly DateTimeOffset At = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    // EUR product: data 0.02 EUR per MB after 100 MB included; voice 0.10 EUR per MIN, nothing included.
    private static readonly Product Product = new(
        "IOT-100MB",
        3,
        "IoT 100 MB",
        Currency.Eur,
        5m,
        0m,
        [
            new UsageCharge(ServiceType.Data, "MB", 0.02m, 100m),
            new UsageCharge(ServiceType.Voice, "MIN", 0.10m, 0m),
        ]);

    private static UsageToRate Data(decimal bytes) => new("rec-1", ServiceType.Data, bytes, At);

    [Fact]
    public void Usage_fully_inside_the_allowance_costs_nothing()
    {
        // 50 MB = 52,428,800 bytes; allowance left 100 - 0 = 100 MB covers all 50; billable 0 x 0.02 = 0
        var rated = UsageRater.Rate(Product, Data(50 * Mb), allowanceUsed: 0m);

        Assert.Equal(50m, rated.Units);
        Assert.Equal(50m, rated.IncludedUnits);
        Assert.Equal(0m, rated.BillableUnits);
        Assert.Equal(0m, rated.Amount);
        Assert.Equal(0m, rated.RoundedAmount);
        Assert.Equal("rec-1", rated.RecordId);
        Assert.Equal("IOT-100MB", rated.ProductId);
        Assert.Equal(3, rated.ProductVersion);
        Assert.Equal("MB", rated.RateUnit);
        Assert.Equal(0.02m, rated.PricePerUnit);
        Assert.Equal("EUR", rated.Currency);
        Assert.False(string.IsNullOrWhiteSpace(rated.Steps));
    }

    [Fact]
    public void Usage_straddling_the_allowance_pays_only_for_the_part_beyond_it()
    {
        // 30 MB = 31,457,280 bytes; allowance left 100 - 90 = 10 MB -> included 10, billable 20; 20 x 0.02 = 0.40 EUR
        var rated = UsageRater.Rate(Product, Data(31_457_280m), allowanceUsed: 90m);

        Assert.Equal(30m, rated.Units);
        Assert.Equal(10m, rated.IncludedUnits);
        Assert.Equal(20m, rated.BillableUnits);
        Assert.Equal(0.40m, rated.Amount);
        Assert.Equal(0.40m, rated.RoundedAmount);
        Assert.Contains("31457280 base units / 1048576 = 30 MB", rated.Steps, StringComparison.Ordinal);
        Assert.Contains("allowance left 10 MB covers 10", rated.Steps, StringComparison.Ordinal);
        Assert.Contains("billable 20 x 0.02 EUR", rated.Steps, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_beyond_the_allowance_is_fully_billable()
    {
        // 7 MB = 7,340,032 bytes; allowance left max(0, 100 - 100) = 0 -> billable 7; 7 x 0.02 = 0.14 EUR
        var rated = UsageRater.Rate(Product, Data(7 * Mb), allowanceUsed: 100m);

        Assert.Equal(7m, rated.Units);
        Assert.Equal(0m, rated.IncludedUnits);
        Assert.Equal(7m, rated.BillableUnits);
        Assert.Equal(0.14m, rated.Amount);
        Assert.Equal(0.14m, rated.RoundedAmount);
    }

    [Fact]
    public void Allowance_overused_earlier_never_turns_negative()
    {
        // allowance left max(0, 100 - 130) = 0; 2 MB billable; 2 x 0.02 = 0.04 EUR
        var rated = UsageRater.Rate(Product, Data(2 * Mb), allowanceUsed: 130m);

        Assert.Equal(0m, rated.IncludedUnits);
        Assert.Equal(2m, rated.BillableUnits);
        Assert.Equal(0.04m, rated.Amount);
    }

    [Fact]
    public void Fractional_megabytes_are_rated_exactly()
    {
        // 1,572,864 bytes / 1,048,576 = 1.5 MB; beyond the allowance: 1.5 x 0.02 = 0.030 EUR -> rounded 0.03
        var rated = UsageRater.Rate(Product, Data(1_572_864m), allowanceUsed: 100m);

        Assert.Equal(1.5m, rated.Units);
        Assert.Equal(1.5m, rated.BillableUnits);
        Assert.Equal(0.03m, rated.Amount);
        Assert.Equal(0.03m, rated.RoundedAmount);
    }

    [Fact]
    public void Fractional_megabyte_straddling_the_allowance()
    {
        // 1,572,864 bytes = 1.5 MB; allowance left 100 - 99.25 = 0.75 MB covers 0.75; billable 0.75 x 0.02 = 0.015 EUR
        // -> half-up at 2 digits = 0.02 (banker's rounding would give 0.02 as well; see the next test for a midpoint that differs)
        var rated = UsageRater.Rate(Product, Data(1_572_864m), allowanceUsed: 99.25m);

        Assert.Equal(0.75m, rated.IncludedUnits);
        Assert.Equal(0.75m, rated.BillableUnits);
        Assert.Equal(0.015m, rated.Amount);
        Assert.Equal(0.02m, rated.RoundedAmount);
    }

    [Fact]
    public void Rounded_amount_is_half_up_while_amount_stays_unrounded()
    {
        // 1 byte = 1/1,048,576 MB = 0.00000095367431640625 MB; price 0.02 -> 0.0000000190734863281250 EUR -> rounded 0.00
        var tiny = UsageRater.Rate(Product, Data(1m), allowanceUsed: 100m);
        Assert.Equal(0.00000095367431640625m, tiny.Units);
        Assert.Equal(0.000000019073486328125m, tiny.Amount);
        Assert.Equal(0m, tiny.RoundedAmount);

        // price 0.0125 per MB, 2 MB beyond allowance: 2 x 0.0125 = 0.025 EUR -> half-up 0.03 (banker's would be 0.02)
        var product = Product with { UsageCharges = [new UsageCharge(ServiceType.Data, "MB", 0.0125m, 0m)] };
        var midpoint = UsageRater.Rate(product, Data(2 * Mb), allowanceUsed: 0m);
        Assert.Equal(0.025m, midpoint.Amount);
        Assert.Equal(0.03m, midpoint.RoundedAmount);
    }

    [Fact]
    public void Voice_is_rated_per_minute()
    {
        // 90 s / 60 = 1.5 MIN; nothing included; 1.5 x 0.10 = 0.15 EUR
        var rated = UsageRater.Rate(Product, new UsageToRate("call-1", ServiceType.Voice, 90m, At), allowanceUsed: 0m);

        Assert.Equal(1.5m, rated.Units);
        Assert.Equal(0m, rated.IncludedUnits);
        Assert.Equal(0.15m, rated.Amount);
        Assert.Equal("MIN", rated.RateUnit);
    }

    [Fact]
    public void Rounded_amount_uses_the_product_currency_minor_unit()
    {
        // JPY has 0 digits: 3 MB x 0.5 JPY = 1.5 JPY -> half-up 2 JPY
        var yen = Product with { Currency = Currency.Parse("JPY"), UsageCharges = [new UsageCharge(ServiceType.Data, "MB", 0.5m, 0m)] };

        var rated = UsageRater.Rate(yen, Data(3 * Mb), allowanceUsed: 0m);

        Assert.Equal(1.5m, rated.Amount);
        Assert.Equal(2m, rated.RoundedAmount);
        Assert.Equal("JPY", rated.Currency);
    }

    [Fact]
    public void Service_not_in_the_product_is_refused()
    {
        var error = Assert.Throws<DomainException>(
            () => UsageRater.Rate(Product, new UsageToRate("sms-1", ServiceType.Sms, 1m, At), allowanceUsed: 0m));

        Assert.Equal("SERVICE_NOT_IN_PRODUCT", error.Code);
        Assert.Equal("serviceType", error.Field);
        Assert.Contains("IOT-100MB v3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rating_is_deterministic()
    {
        var first = UsageRater.Rate(Product, Data(31_457_280m), 90m);
        var second = UsageRater.Rate(Product, Data(31_457_280m), 90m);

        Assert.Equal(first, second);
    }
}
