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

    /// <summary>Tax category looked up in the catalog's tax rates; null for untaxed.</summary>
    public string? TaxCategory { get; init; }
}
