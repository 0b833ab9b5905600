using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>An allowance with its included quantity in base units.</summary>
internal sealed class AllowancePlan(ProductOffering product, Allowance allowance)
{
    public Allowance Allowance { get; } = allowance;

    /// <summary>Base units per allowance unit.</summary>
    public decimal UnitSize { get; } = product.BaseUnitsPer(allowance.Service, allowance.Unit)!.Value;

    /// <summary>Included quantity per cycle in base units.</summary>
    public decimal Quantity => Allowance.Quantity * UnitSize;

    public CounterScope Scope => Allowance.Scope == AllowanceScope.Pooled ? CounterScope.Account : CounterScope.Subscription;

    /// <summary>True when the allowance covers a part of <paramref name="charge"/> in <paramref name="band"/> and <paramref name="zone"/>.</summary>
    public bool Covers(UsageCharge charge, string? band, string? zone) =>
        Allowance.Service == charge.Service
        && (Allowance.TimeBand is null || Allowance.TimeBand == band)
        && (Allowance.Zone is null || Allowance.Zone == zone)
        && (Allowance.Charges.Count == 0 || Allowance.Charges.Contains(charge.Id));
}
