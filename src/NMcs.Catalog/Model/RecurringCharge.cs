namespace NMcs.Catalog.Model;

/// <summary>A price charged every period while a subscription is active (SIM fee, standing charge).</summary>
public sealed record RecurringCharge
{
    /// <summary>Charge id, unique among the product version's charges.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public required string Name { get; init; }

    /// <summary>Price per period in the product currency.</summary>
    public required decimal Price { get; init; }

    /// <summary>How often the charge falls due.</summary>
    public ChargePeriod Period { get; init; } = ChargePeriod.Monthly;

    /// <summary>Billed at the start or the end of the period.</summary>
    public ChargeTiming Timing { get; init; } = ChargeTiming.InAdvance;

    /// <summary>How a part period is charged.</summary>
    public ProrationPolicy Proration { get; init; } = ProrationPolicy.None;

    /// <summary>What suspended days cost: the full price (the default), nothing, or <see cref="SuspendedPrice"/>.</summary>
    public SuspensionPolicy Suspension { get; init; } = SuspensionPolicy.Charge;

    /// <summary>Price per period while suspended, prorated like <see cref="Price"/>; required with <see cref="SuspensionPolicy.Reduced"/> and only then.</summary>
    public decimal? SuspendedPrice { get; init; }

    /// <summary>Tax category looked up in the catalog's tax rates; null for untaxed.</summary>
    public string? TaxCategory { get; init; }
}
