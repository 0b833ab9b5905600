using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>A payer account, keyed by account id: its subscriptions and real-time charges.</summary>
[Alias("nmcs.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Opens the account for a customer. Idempotent for the same customer.</summary>
    [Alias("Open")]
    Task<AccountInfo> Open(string customerId, string currency, string timeZone, string? taxJurisdiction = null, string billingCycle = "monthly");

    /// <summary>Opens this account as a non-paying child of <paramref name="payerAccountId"/>: its charges roll up to the payer's invoice.</summary>
    [Alias("OpenChild")]
    Task<AccountInfo> OpenChild(string customerId, string payerAccountId);

    /// <summary>Registers a child account at this payer.</summary>
    [Alias("AddChild")]
    Task AddChild(string childAccountId);

    /// <summary>Replaces a subscription (same id) after a suspension, resumption, termination or plan change.</summary>
    [Alias("UpdateSubscription")]
    Task UpdateSubscription(SubscriptionInfo subscription);

    /// <summary>The account, or null when it was never opened.</summary>
    [Alias("GetInfo")]
    Task<AccountInfo?> GetInfo();

    /// <summary>Records a subscription the SIM grain activated. Idempotent by subscription id.</summary>
    [Alias("AddSubscription")]
    Task AddSubscription(SubscriptionInfo subscription);

    /// <summary>
    /// Rates records of the account's subscriptions (each record's SIM must be among
    /// <paramref name="subscriptions"/>) in the order they happened, with the product version in force at each
    /// record's time. Pooled allowances and account-wide tiers are counters of the account; the account's rating partition (<see cref="RatingPartitions"/>) holds them and does the rating. Rated
    /// records are in the usage ledger before this returns; a record id already there is a duplicate.
    /// </summary>
    [Alias("RateUsage")]
    Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<SubscriptionInfo> subscriptions, IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false);

    /// <summary>
    /// Rates records of SIMs by the subscriptions this account holds for them (the account is told of every
    /// subscription change before the SIM stores it, so its records are the current ones). Records of a SIM with no
    /// open subscription on this account are left out of the answer: the caller asks that SIM's grain instead.
    /// With <paramref name="duplicatesChecked"/> the caller has already looked the record ids up in the ledger; the
    /// ledger's key still refuses a record another writer stored meanwhile.
    /// </summary>
    [Alias("RateSimUsage")]
    Task<IReadOnlyList<UsageOutcome>> RateSimUsage(IReadOnlyList<UsageRecordIn> records, bool duplicatesChecked);

    /// <summary>
    /// What rating needs of the account (null when it was never opened). Answered between the turns of other calls:
    /// the account's rating partition asks while the account may be waiting for that partition.
    /// </summary>
    [Alias("GetRatingProfile")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<AccountRatingProfile?> GetRatingProfile();

    /// <summary>
    /// Sets the account's credit limit on a billing cycle's usage charges, in the account's currency (null removes it):
    /// threshold events are raised when the cycle's charges reach the warning percentage and 100 % of it.
    /// </summary>
    [Alias("SetCreditLimit")]
    Task<AccountInfo> SetCreditLimit(decimal? amount);

    /// <summary>Sets the charge limit of one of the account's SIMs on a billing cycle's usage charges (null removes it).</summary>
    [Alias("SetSimChargeLimit")]
    Task<AccountInfo> SetSimChargeLimit(string iccid, decimal? amount);

    /// <summary>Rated usage not yet invoiced, read from the usage ledger.</summary>
    [Alias("GetRealTimeCharges")]
    Task<RealTimeCharges> GetRealTimeCharges();
}
