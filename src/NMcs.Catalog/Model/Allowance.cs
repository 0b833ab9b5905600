namespace NMcs.Catalog.Model;

/// <summary>
/// A quantity included every cycle, consumed before usage is charged. Allowances are consumed in ascending
/// <see cref="Priority"/> (ties in document order); each can be restricted to a time band, a zone or named charges.
/// Counters reset at the start of each cycle.
/// </summary>
public sealed record Allowance
{
    /// <summary>Allowance id, unique in the product version; counters are kept under it.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices and in the self-care portal.</summary>
    public required string Name { get; init; }

    /// <summary>Service whose usage the allowance covers.</summary>
    public required string Service { get; init; }

    /// <summary>Included quantity per cycle in <see cref="Unit"/>.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Unit of <see cref="Quantity"/>, a unit of the service, e.g. GB.</summary>
    public required string Unit { get; init; }

    /// <summary>Per subscription or pooled across the account's subscriptions.</summary>
    public AllowanceScope Scope { get; init; } = AllowanceScope.Subscription;

    /// <summary>Consumption order: lower first.</summary>
    public int Priority { get; init; }

    /// <summary>Time band the allowance is restricted to; null for any time.</summary>
    public string? TimeBand { get; init; }

    /// <summary>Zone the allowance is restricted to; null for any zone.</summary>
    public string? Zone { get; init; }

    /// <summary>Usage charges the allowance covers; empty for every usage charge of the service.</summary>
    public IReadOnlyList<string> Charges { get; init; } = [];

    /// <summary>
    /// Percentages of <see cref="Quantity"/> whose crossing raises a threshold event (e.g. 80 and 100), each above 0
    /// and at most 100; empty for none; null for the platform default (<c>NMcs:Thresholds:AllowancePercents</c>).
    /// </summary>
    public IReadOnlyList<decimal>? NotifyAtPercent { get; init; }
}
