namespace NMcs.Catalog.Model;

/// <summary>
/// How a product rounds money: applied to each rated line (record part, charge line), never to intermediate
/// products of quantity and price. Half-up at the currency's minor unit unless the product says otherwise.
/// </summary>
public sealed record RoundingRule
{
    /// <summary>Half-up at the currency's minor unit.</summary>
    public static RoundingRule Default { get; } = new();

    /// <summary>Rounding mode; half-up by default.</summary>
    public RoundingMode Mode { get; init; } = RoundingMode.HalfUp;

    /// <summary>Decimals to round to; null means the currency's minor unit (2 for EUR, 0 for JPY).</summary>
    public int? Decimals { get; init; }

    /// <summary>Rounds <paramref name="amount"/> for <paramref name="currency"/>.</summary>
    public decimal Round(decimal amount, Currency currency) =>
        Math.Round(amount, DecimalsFor(currency), Mode switch
        {
            RoundingMode.HalfEven => MidpointRounding.ToEven,
            RoundingMode.Up => amount >= 0 ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity,
            RoundingMode.Down => MidpointRounding.ToZero,
            _ => MidpointRounding.AwayFromZero,
        });

    /// <summary>Decimals amounts are rounded to in <paramref name="currency"/>.</summary>
    public int DecimalsFor(Currency currency) => Decimals ?? currency.MinorUnits;
}
