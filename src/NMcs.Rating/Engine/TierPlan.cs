using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>A price tier with its bounds in base units.</summary>
/// <param name="From">Lower bound (exclusive; the first tier starts at 0) in base units.</param>
/// <param name="To">Upper bound (inclusive) in base units; null for the open last tier.</param>
/// <param name="Tier">The tier as defined.</param>
internal sealed record TierPlan(decimal From, decimal? To, PriceTier Tier)
{
    /// <summary>True when a cumulative quantity of <paramref name="total"/> base units lies in the tier (0 lies in the first).</summary>
    public bool Holds(decimal total) => To is null || total <= To;
}
