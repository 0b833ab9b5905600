namespace NMcs.Catalog.Model;

/// <summary>A minimum spend per cycle: when the counted charges fall short, a true-up line makes up the difference.</summary>
public sealed record Commitment
{
    /// <summary>Commitment id, unique in the product version.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on the true-up line.</summary>
    public required string Name { get; init; }

    /// <summary>Minimum per cycle in the product currency.</summary>
    public required decimal Minimum { get; init; }

    /// <summary>Charges counted towards the minimum; empty for every charge of the product.</summary>
    public IReadOnlyList<string> Charges { get; init; } = [];

    /// <summary>The true-up for a cycle whose counted charges total <paramref name="counted"/>.</summary>
    public decimal TrueUp(decimal counted) => Math.Max(0m, Minimum - counted);
}
