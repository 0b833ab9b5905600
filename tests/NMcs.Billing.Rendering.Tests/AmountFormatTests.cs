namespace NMcs.Billing.Rendering.Tests;

public sealed class AmountFormatTests
{
    [Theory]
    [InlineData("1234.5", 2, "1234.50", "1,234.50")]
    [InlineData("-1234567.891", 2, "-1234567.89", "-1,234,567.89")]
    [InlineData("0.005", 2, "0.01", "0.01")]
    [InlineData("-0.005", 2, "-0.01", "-0.01")]
    [InlineData("0", 2, "0.00", "0.00")]
    [InlineData("1234.5", 0, "1235", "1,235")]
    [InlineData("1.2345", 3, "1.235", "1.235")]
    [InlineData("-0.001", 2, "0.00", "0.00")]
    public void Amounts_have_exactly_the_minor_units_in_invariant_culture(string amount, int minorUnits, string plain, string grouped)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(plain, InvoiceAmountFormat.Plain(value, minorUnits));
        Assert.Equal(grouped, InvoiceAmountFormat.Grouped(value, minorUnits));
    }

    [Theory]
    [InlineData("1.000", "1")]
    [InlineData("1536", "1536")]
    [InlineData("0.000125", "0.000125")]
    [InlineData("-2.50", "-2.5")]
    public void Quantities_drop_trailing_zeros(string quantity, string expected) =>
        Assert.Equal(expected, InvoiceAmountFormat.Quantity(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Minor_units_outside_zero_to_eight_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InvoiceAmountFormat.Plain(1m, 9));
        Assert.Throws<ArgumentException>(() => InvoiceCsvRenderer.RenderLines(SampleInvoices.Small() with { MinorUnits = -1 }));
    }
}
