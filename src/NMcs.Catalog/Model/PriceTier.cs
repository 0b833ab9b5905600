namespace NMcs.Catalog.Model;

/// <summary>
/// One tier of a tiered usage charge, in rate units of the cycle's cumulative quantity. A tier holds the
/// quantities above <see cref="From"/> up to and including <see cref="To"/>: with tiers 0–100 and 100–∞, the 100th
/// unit is in the first tier and anything past 100 in the second.
/// </summary>
public sealed record PriceTier
{
    /// <summary>Lower bound (exclusive, except 0 for the first tier), equal to the previous tier's <see cref="To"/>.</summary>
    public required decimal From { get; init; }

    /// <summary>Upper bound (inclusive); null for the open last tier.</summary>
    public decimal? To { get; init; }

    /// <summary>Price per rate unit (graduated and volume models).</summary>
    public decimal? Price { get; init; }

    /// <summary>Fee charged once per cycle when the cumulative quantity enters the tier (flat-per-tier model).</summary>
    public decimal? FlatFee { get; init; }
}
