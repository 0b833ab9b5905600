using System.Globalization;

namespace NMcs.Core.Tests;

public class MoneyTests
{
    private static decimal D(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("EUR", "0.125", "0.13")]
    [InlineData("EUR", "0.124", "0.12")]
    [InlineData("EUR", "-0.125", "-0.13")]
    [InlineData("EUR", "-0.124", "-0.12")]
    [InlineData("EUR", "0.135", "0.14")] // half-up, not banker's (which would give 0.14 here but 0.12 for 0.125)
    [InlineData("EUR", "1.005", "1.01")]
    [InlineData("EUR", "2", "2")]
    [InlineData("JPY", "2.5", "3")]
    [InlineData("JPY", "-2.5", "-3")]
    [InlineData("JPY", "2.49", "2")]
    [InlineData("KWD", "1.0005", "1.001")]
    [InlineData("KWD", "1.0004", "1.000")]
    [InlineData("KWD", "-1.0005", "-1.001")]
    public void RoundToMinorUnit_rounds_half_up_at_the_currency_minor_unit(string currency, string amount, string expected)
    {
        var money = new Money(D(amount), Currency.Parse(currency));

        var rounded = money.RoundToMinorUnit();

        Assert.Equal(D(expected), rounded.Amount);
        Assert.Equal(currency, rounded.Currency.Code);
    }

    [Fact]
    public void RoundToMinorUnit_can_use_bankers_rounding_when_asked()
    {
        var money = new Money(0.125m, Currency.Eur);

        Assert.Equal(0.12m, money.RoundToMinorUnit(MidpointRounding.ToEven).Amount);
        Assert.Equal(0.13m, money.RoundToMinorUnit().Amount);
    }

    [Fact]
    public void Arithmetic_keeps_full_precision_until_rounded()
    {
        // 0.02 EUR/MB x 1.5 MB = 0.030 EUR; 0.0001 + 0.0002 = 0.0003 (no rounding to cents on the way)
        var perMb = new Money(0.02m, Currency.Eur);
        Assert.Equal(0.03m, (perMb * 1.5m).Amount);
        Assert.Equal(0.0003m, (new Money(0.0001m, Currency.Eur) + new Money(0.0002m, Currency.Eur)).Amount);
        Assert.Equal(0.0001m, Money.Subtract(new Money(0.0003m, Currency.Eur), new Money(0.0002m, Currency.Eur)).Amount);
        Assert.Equal(Money.Zero(Currency.Eur), new Money(1.5m, Currency.Eur) - new Money(1.5m, Currency.Eur));
    }

    [Fact]
    public void Adding_different_currencies_is_refused()
    {
        var eur = new Money(1m, Currency.Eur);
        var usd = new Money(1m, Currency.Usd);

        var add = Assert.Throws<DomainException>(() => eur + usd);
        var subtract = Assert.Throws<DomainException>(() => Money.Subtract(eur, usd));

        Assert.Equal("CURRENCY_MISMATCH", add.Code);
        Assert.Equal("currency", add.Field);
        Assert.Contains("EUR", add.Message, StringComparison.Ordinal);
        Assert.Contains("USD", add.Message, StringComparison.Ordinal);
        Assert.Equal("CURRENCY_MISMATCH", subtract.Code);
    }

    [Fact]
    public void ToString_prints_invariant_amount_and_code()
    {
        Assert.Equal("1.5 EUR", new Money(1.50m, Currency.Eur).ToString());
        Assert.Equal("-0.0003 KWD", new Money(-0.0003m, Currency.Parse("KWD")).ToString());
    }
}

public class CurrencyTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    public void Parse_knows_the_minor_unit(string code, int minorUnits)
    {
        var currency = Currency.Parse(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(minorUnits, currency.MinorUnits);
        Assert.Equal(code, currency.ToString());
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("eur")]
    [InlineData("")]
    [InlineData("XXX")]
    [InlineData(null)]
    public void Parse_refuses_unknown_codes_naming_the_field(string? code)
    {
        var error = Assert.Throws<DomainException>(() => Currency.Parse(code));

        Assert.Equal("INVALID_CURRENCY", error.Code);
        Assert.Equal("currency", error.Field);
        Assert.False(Currency.TryParse(code, out _));
    }

    [Fact]
    public void Parse_names_a_custom_field()
    {
        var error = Assert.Throws<DomainException>(() => Currency.Parse("EURO", "billingCurrency"));

        Assert.Equal("billingCurrency", error.Field);
        Assert.Contains("EURO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Currencies_with_the_same_code_are_equal()
    {
        Assert.Equal(Currency.Eur, Currency.Parse("EUR"));
        Assert.NotEqual(Currency.Eur, Currency.Usd);
    }
}
