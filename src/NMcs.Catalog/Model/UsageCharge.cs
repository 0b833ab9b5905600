namespace NMcs.Catalog.Model;

/// <summary>
/// The price of one service's usage, optionally only in one time band and/or zone. A record is rated by the most
/// specific usage charge of its service that matches its zone and band (zone and band, then zone, then band, then
/// neither); percentage charges are added on top of the charge they name.
/// </summary>
public sealed record UsageCharge
{
    /// <summary>Charge id, unique among the product version's charges.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public required string Name { get; init; }

    /// <summary>Service code: DATA, SMS, VOICE or a <see cref="CustomService"/> of the product.</summary>
    public required string Service { get; init; }

    /// <summary>Unit prices and tiers are quoted in, e.g. MB, MIN, KWH.</summary>
    public required string RateUnit { get; init; }

    /// <summary>How billable units become an amount.</summary>
    public ChargeModel Model { get; init; } = ChargeModel.PerUnit;

    /// <summary>Price per rate unit (per unit model) or per block (block model).</summary>
    public decimal? Price { get; init; }

    /// <summary>Tiers of the graduated, volume and flat-per-tier models, contiguous from 0, the last one open.</summary>
    public IReadOnlyList<PriceTier> Tiers { get; init; } = [];

    /// <summary>Block size in rate units (block model).</summary>
    public decimal? BlockSize { get; init; }

    /// <summary>Percentage of <see cref="PercentOf"/>'s amount (percentage model), e.g. 15 for 15 %.</summary>
    public decimal? Percent { get; init; }

    /// <summary>Id of the usage charge a percentage charge is a percentage of.</summary>
    public string? PercentOf { get; init; }

    /// <summary>Charging steps in base units; null charges the exact quantity.</summary>
    public UsageIncrement? Increment { get; init; }

    /// <summary>Round once per record (default) or the price of each increment.</summary>
    public RoundingScope RoundPer { get; init; } = RoundingScope.Record;

    /// <summary>Fee added once to a record with a quantity above zero.</summary>
    public decimal ConnectFee { get; init; }

    /// <summary>Most this charge costs for one record, connect fee included; null for no limit.</summary>
    public decimal? MaxCostPerRecord { get; init; }

    /// <summary>Time band the charge is restricted to; null for any time.</summary>
    public string? TimeBand { get; init; }

    /// <summary>Zone the charge is restricted to; null for any zone.</summary>
    public string? Zone { get; init; }

    /// <summary>Whose cumulative quantity moves the charge through its tiers or blocks.</summary>
    public CounterScope CounterScope { get; init; } = CounterScope.Subscription;

    /// <summary>Tax category looked up in the catalog's tax rates; null for untaxed.</summary>
    public string? TaxCategory { get; init; }

    /// <summary>True when rating needs the cycle's cumulative quantity of the charge (tiers and blocks).</summary>
    public bool UsesCycleCounter => Model is ChargeModel.Graduated or ChargeModel.Volume or ChargeModel.Block or ChargeModel.FlatPerTier;
}
