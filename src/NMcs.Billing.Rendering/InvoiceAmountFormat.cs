using System.Globalization;

namespace NMcs.Billing.Rendering;

/// <summary>
/// How invoice documents print numbers: invariant culture, '.' as decimal separator, exactly the currency's minor
/// units of decimals. An amount with more decimals is rounded half away from zero (half-up, as billing rounds).
/// </summary>
public static class InvoiceAmountFormat
{
    /// <summary>An amount for machines (CSV): no grouping, e.g. <c>-1234.50</c>.</summary>
    /// <param name="amount">Amount.</param>
    /// <param name="minorUnits">Digits after the decimal point.</param>
    public static string Plain(decimal amount, int minorUnits) =>
        Round(amount, minorUnits).ToString(PlainFormat(minorUnits), CultureInfo.InvariantCulture);

    /// <summary>An amount for people (PDF): ',' groups thousands, e.g. <c>-1,234.50</c>.</summary>
    /// <param name="amount">Amount.</param>
    /// <param name="minorUnits">Digits after the decimal point.</param>
    public static string Grouped(decimal amount, int minorUnits) =>
        Round(amount, minorUnits).ToString("N" + minorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A quantity or rate without trailing zeros, e.g. <c>1.5</c>, <c>1024</c>, <c>0.000125</c>.</summary>
    /// <param name="value">Quantity.</param>
    public static string Quantity(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static decimal Round(decimal amount, int minorUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minorUnits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorUnits, 8);
        return Math.Round(amount, minorUnits, MidpointRounding.AwayFromZero);
    }

    private static string PlainFormat(int minorUnits) => minorUnits == 0 ? "0" : "0." + new string('0', minorUnits);
}
