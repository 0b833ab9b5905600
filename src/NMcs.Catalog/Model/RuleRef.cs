namespace NMcs.Catalog.Model;

/// <summary>
/// A C# tariff rule plugin the product applies after declarative rating, with its parameters. The rating engine
/// only hands the reference on; the host resolves and runs the plugin.
/// </summary>
public sealed record RuleRef
{
    /// <summary>Rule name as deployed, e.g. night-data-free.</summary>
    public required string Name { get; init; }

    /// <summary>Rule version to use; null for the latest published version.</summary>
    public int? Version { get; init; }

    /// <summary>Parameters passed to the rule, e.g. minSims = 10.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Usage charge ids the rule applies to; empty for every usage charge.</summary>
    public IReadOnlyList<string> Charges { get; init; } = [];

    /// <summary>True when the rule applies to the usage charge <paramref name="chargeId"/>.</summary>
    public bool AppliesTo(string chargeId) => Charges.Count == 0 || Charges.Contains(chargeId);
}
