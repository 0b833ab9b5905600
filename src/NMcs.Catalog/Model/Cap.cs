namespace NMcs.Catalog.Model;

/// <summary>A maximum per cycle on chosen charges: whatever they add up to beyond it is credited.</summary>
public sealed record Cap
{
    /// <summary>Cap id, unique in the product version.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on the credit line.</summary>
    public required string Name { get; init; }

    /// <summary>Maximum per cycle in the product currency.</summary>
    public required decimal Maximum { get; init; }

    /// <summary>Ids of the charges the cap limits.</summary>
    public required IReadOnlyList<string> Charges { get; init; }

    /// <summary>The credit for a cycle whose capped charges total <paramref name="counted"/>.</summary>
    public decimal Excess(decimal counted) => Math.Max(0m, counted - Maximum);
}
