using System.Globalization;
using NMcs.Rating.Engine;

namespace NMcs.Rating.Tests;

/// <summary>
/// The numbers in calculation steps are rendered by trimming the general format's text (a fast path); they must be
/// exactly the text of the custom formats they replace, for every decimal, or stored steps would change.
/// </summary>
public sealed class NumberTextTests
{
    private const string AllPlaces = "0.############################";

    public static TheoryData<decimal> Edges => new(
        0m,
        0.000m,
        new decimal(0, 0, 0, isNegative: true, scale: 3),
        1m,
        -1m,
        10m,
        100.000m,
        0.02m,
        0.0315429687500m,
        1.5771484375m,
        -0.5m,
        0.0000001m,
        -0.0000001m,
        0.0000005m,
        -0.0000005m,
        0.0000004999m,
        1.2345675m,
        -1.2345665m,
        999999.9999995m,
        decimal.MaxValue,
        decimal.MinValue,
        0.0000000000000000000000000001m,
        -0.0000000000000000000000000001m,
        79228162514264337593543950335m / 3m,
        1m / 3m);

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edge_values_render_as_the_formats_do(decimal value)
    {
        Assert.Equal(value.ToString(AllPlaces, CultureInfo.InvariantCulture), CalculationSteps.N(value));
        Assert.Equal(value.ToString("0.######", CultureInfo.InvariantCulture), CalculationSteps.U(value));
    }

    [Fact]
    public void Random_values_of_every_scale_render_as_the_formats_do()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 200_000; i++)
        {
            var value = new decimal(random.Next(), random.Next(4) == 0 ? random.Next() : 0, random.Next(8) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(29));
            Assert.Equal(value.ToString(AllPlaces, CultureInfo.InvariantCulture), CalculationSteps.N(value));
            Assert.Equal(value.ToString("0.######", CultureInfo.InvariantCulture), CalculationSteps.U(value));
        }
    }
}
