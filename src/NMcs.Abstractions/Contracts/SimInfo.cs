namespace NMcs.Abstractions.Contracts;

/// <summary>A SIM card and its current assignment and subscription.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.SimInfo")]
public sealed record SimInfo(
    [property: Id(0)] string Iccid,
    [property: Id(1)] string Imsi,
    [property: Id(2)] string Msisdn,
    [property: Id(3)] SimStatus Status,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] SubscriptionInfo? Subscription,
    [property: Id(6)] string? AccountId = null,
    [property: Id(7)] IReadOnlyList<SubscriptionInfo>? History = null)
{
    /// <summary>Every subscription the SIM has had, oldest first, the current one last.</summary>
    public IReadOnlyList<SubscriptionInfo> AllSubscriptions =>
        Subscription is null ? History ?? [] : [.. History ?? [], Subscription];
}
