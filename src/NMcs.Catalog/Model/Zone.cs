namespace NMcs.Catalog.Model;

/// <summary>
/// Where usage goes or happens: destinations by number prefix (longest prefix wins) and, for roaming, visited
/// networks by MCC ("234") or MCC-MNC ("234-15", which beats its MCC). A record with a visited network matching a
/// zone is in that roaming zone; otherwise its destination decides.
/// </summary>
public sealed record Zone
{
    /// <summary>Zone id, unique in the product version.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public string? Name { get; init; }

    /// <summary>Destination number prefixes in international format without '+', e.g. "49", "4915".</summary>
    public IReadOnlyList<string> DestinationPrefixes { get; init; } = [];

    /// <summary>Visited networks as MCC or MCC-MNC, e.g. "208", "234-15".</summary>
    public IReadOnlyList<string> VisitedNetworks { get; init; } = [];
}
