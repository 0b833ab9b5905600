namespace NMcs.Catalog.Model;

/// <summary>A fee charged once when an order event happens (activation, SIM swap, plan change, termination).</summary>
public sealed record OneTimeCharge
{
    /// <summary>Charge id, unique among the product version's charges.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public required string Name { get; init; }

    /// <summary>Fee in the product currency.</summary>
    public required decimal Price { get; init; }

    /// <summary>The order event that raises the fee.</summary>
    public required OneTimeTrigger Trigger { get; init; }

    /// <summary>Tax category looked up in the catalog's tax rates; null for untaxed.</summary>
    public string? TaxCategory { get; init; }
}
