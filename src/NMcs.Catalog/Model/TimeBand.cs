namespace NMcs.Catalog.Model;

/// <summary>A named part of the week (peak, off-peak, weekend) made of local-time windows in the account's time zone.</summary>
public sealed record TimeBand
{
    /// <summary>Band id, unique in the product version.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public string? Name { get; init; }

    /// <summary>Windows that make up the band; windows of different bands must not overlap.</summary>
    public required IReadOnlyList<TimeWindow> Windows { get; init; }
}
