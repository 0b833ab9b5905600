namespace NMcs.Abstractions.Contracts;

/// <summary>
/// What rating needs of a payer account, as the account grain holds it: its currency, zone and billing cycle, its
/// charge limits and its subscriptions in the order they were added. A rating partition keeps one per account it rates
/// and asks again after the account tells it of a change.
/// </summary>
[GenerateSerializer, Immutable, Alias("nmcs.AccountRatingProfile")]
public sealed record AccountRatingProfile(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string Currency,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] string BillingCycle,
    [property: Id(4)] decimal? CreditLimit,
    [property: Id(5)] IReadOnlyDictionary<string, decimal> SimChargeLimits,
    [property: Id(6)] IReadOnlyList<SubscriptionInfo> Subscriptions);
