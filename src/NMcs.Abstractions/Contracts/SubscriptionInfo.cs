namespace NMcs.Abstractions.Contracts;

/// <summary>A SIM activated on a product version for a payer account (TM Forum: Product inventory item).</summary>
[GenerateSerializer, Immutable, Alias("nmcs.SubscriptionInfo")]
public sealed record SubscriptionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Iccid,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string ProductId,
    [property: Id(4)] int ProductVersion,
    [property: Id(5)] DateTimeOffset ActivatedAt);
