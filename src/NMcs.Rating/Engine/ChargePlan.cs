using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>A usage charge with its units resolved, its tiers and blocks in base units and its per-record constants worked out.</summary>
internal sealed class ChargePlan
{
    public ChargePlan(ProductOffering product, UsageCharge charge)
    {
        Product = product;
        Charge = charge;
        UnitSize = product.BaseUnitsPer(charge.Service, charge.RateUnit)!.Value;
        UnitSizeIsOne = UnitSize == 1m && UnitSize.Scale == 0;
        BaseUnit = product.BaseUnitOf(charge.Service)!;
        Tiers = [.. charge.Tiers.Select(t => new TierPlan(t.From * UnitSize, t.To * UnitSize, t))];
        BlockQuantity = charge.BlockSize * UnitSize;
        Rule = product.Rules.FirstOrDefault(r => r.AppliesTo(charge.Id));
        if (charge is { Model: ChargeModel.PerUnit, RoundPer: RoundingScope.Increment, Increment: { } increment, Price: { } price })
        {
            // The rounded price of one first and one next interval is the same for every record.
            var firstRaw = price * increment.First / UnitSize;
            var nextRaw = price * increment.Next / UnitSize;
            IncrementPrices = new IncrementPricing(
                firstRaw,
                nextRaw,
                product.Rounding.Round(firstRaw, product.Currency),
                product.Rounding.Round(nextRaw, product.Currency));
        }
    }

    public ProductOffering Product { get; }

    public UsageCharge Charge { get; }

    /// <summary>Base units per rate unit.</summary>
    public decimal UnitSize { get; }

    /// <summary>
    /// True when the unit size is exactly 1 (scale 0): dividing by it returns the dividend bit for bit, so the
    /// division is skipped.
    /// </summary>
    public bool UnitSizeIsOne { get; }

    public string BaseUnit { get; }

    public TierPlan[] Tiers { get; }

    /// <summary>Block size in base units (block model).</summary>
    public decimal? BlockQuantity { get; }

    public RuleRef? Rule { get; }

    /// <summary>Interval prices of a per-unit charge rounded per increment, else null.</summary>
    public IncrementPricing? IncrementPrices { get; }

    /// <summary>Indexes (in consumption order) of the product's allowances that can cover this charge whatever the band and zone.</summary>
    public int[] Allowances { get; private set; } = [];

    /// <summary>Percentage charges that follow this charge.</summary>
    public List<ChargePlan> Percentages { get; } = [];

    /// <summary><paramref name="quantity"/> base units in rate units.</summary>
    public decimal ToRateUnits(decimal quantity) => UnitSizeIsOne ? quantity : quantity / UnitSize;

    /// <summary>Keeps the allowances that can cover the charge (same service, charge listed or none listed).</summary>
    public void SelectAllowances(AllowancePlan[] allowances)
    {
        var covering = new List<int>();
        for (var i = 0; i < allowances.Length; i++)
        {
            if (allowances[i].CoversCharge(Charge))
            {
                covering.Add(i);
            }
        }

        Allowances = [.. covering];
    }

    /// <summary>Raw and rounded prices of the first and of each next interval.</summary>
    /// <param name="FirstRaw">Price of the first interval before rounding.</param>
    /// <param name="NextRaw">Price of one next interval before rounding.</param>
    /// <param name="First">Price of the first interval, rounded.</param>
    /// <param name="Next">Price of one next interval, rounded.</param>
    internal sealed record IncrementPricing(decimal FirstRaw, decimal NextRaw, decimal First, decimal Next);
}
