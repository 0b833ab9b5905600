namespace NMcs.Abstractions.Contracts;

/// <summary>A payer account (TM Forum: BillingAccount): the party that receives the invoice.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.AccountInfo")]
public sealed record AccountInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string Currency,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] IReadOnlyList<SubscriptionInfo> Subscriptions,
    [property: Id(5)] string? TaxJurisdiction = null);
