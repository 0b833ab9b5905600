namespace NMcs.Abstractions.Contracts;

/// <summary>A payer account (TM Forum: BillingAccount): the party that receives the invoice.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.AccountInfo")]
public sealed record AccountInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string Currency,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] IReadOnlyList<SubscriptionInfo> Subscriptions,
    [property: Id(5)] string? TaxJurisdiction = null,
    [property: Id(6)] string? PayerAccountId = null,
    [property: Id(7)] string BillingCycle = "monthly",
    [property: Id(8)] IReadOnlyList<string>? ChildAccountIds = null,
    [property: Id(9)] decimal? CreditLimit = null,
    [property: Id(10)] IReadOnlyDictionary<string, decimal>? SimChargeLimits = null)
{
    /// <summary>True for a payer: it receives invoices (for itself and its non-paying child accounts).</summary>
    public bool IsPayer => PayerAccountId is null;
}
