namespace NMcs.Abstractions.Contracts;

/// <summary>Usage charges rated for an account and not yet invoiced.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.RealTimeCharges")]
public sealed record RealTimeCharges(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string Currency,
    [property: Id(2)] long RatedRecords,
    [property: Id(3)] decimal UnbilledUsageAmount);
