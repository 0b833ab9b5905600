using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>A usage charge with its units resolved and its tiers and blocks in base units.</summary>
internal sealed class ChargePlan
{
    public ChargePlan(ProductOffering product, UsageCharge charge)
    {
        Charge = charge;
        UnitSize = product.BaseUnitsPer(charge.Service, charge.RateUnit)!.Value;
        BaseUnit = product.BaseUnitOf(charge.Service)!;
        Tiers = [.. charge.Tiers.Select(t => new TierPlan(t.From * UnitSize, t.To * UnitSize, t))];
        BlockQuantity = charge.BlockSize * UnitSize;
        Rule = product.Rules.FirstOrDefault(r => r.AppliesTo(charge.Id));
    }

    public UsageCharge Charge { get; }

    /// <summary>Base units per rate unit.</summary>
    public decimal UnitSize { get; }

    public string BaseUnit { get; }

    public TierPlan[] Tiers { get; }

    /// <summary>Block size in base units (block model).</summary>
    public decimal? BlockQuantity { get; }

    public RuleRef? Rule { get; }

    /// <summary>Percentage charges that follow this charge.</summary>
    public List<ChargePlan> Percentages { get; } = [];
}
