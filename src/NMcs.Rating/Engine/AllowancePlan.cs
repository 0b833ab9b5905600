using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>An allowance with its included quantity in base units.</summary>
internal sealed class AllowancePlan
{
    public AllowancePlan(ProductOffering product, Allowance allowance)
    {
        Allowance = allowance;
        UnitSize = product.BaseUnitsPer(allowance.Service, allowance.Unit)!.Value;
        Quantity = allowance.Quantity * UnitSize;
        Scope = allowance.Scope == AllowanceScope.Pooled ? CounterScope.Account : CounterScope.Subscription;
    }

    public Allowance Allowance { get; }

    /// <summary>Base units per allowance unit.</summary>
    public decimal UnitSize { get; }

    /// <summary>Included quantity per cycle in base units.</summary>
    public decimal Quantity { get; }

    public CounterScope Scope { get; }

    /// <summary>True when the allowance covers <paramref name="charge"/>'s service and lists the charge (or no charge).</summary>
    public bool CoversCharge(UsageCharge charge) =>
        Allowance.Service == charge.Service && (Allowance.Charges.Count == 0 || Allowance.Charges.Contains(charge.Id));

    /// <summary>True when the allowance, already known to cover the charge, covers a part in <paramref name="band"/> and <paramref name="zone"/>.</summary>
    public bool CoversPart(string? band, string? zone) =>
        (Allowance.TimeBand is null || Allowance.TimeBand == band)
        && (Allowance.Zone is null || Allowance.Zone == zone);
}
