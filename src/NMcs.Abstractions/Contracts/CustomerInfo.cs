namespace NMcs.Abstractions.Contracts;

/// <summary>A customer (TM Forum: Customer) and the payer account opened with it.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.CustomerInfo")]
public sealed record CustomerInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string Currency,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] DateTimeOffset CreatedAt);
