using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>
/// Rates the usage of the payer accounts that hash to it (<see cref="RatingPartitions.Of"/>), keyed by partition
/// number. It holds each account's counters of pooled allowances and account-wide tiers, so every record of an account
/// is rated here, one call at a time; one call rates the records of many accounts and commits them to the usage ledger
/// in one append. What it knows of an account (subscriptions, zone, limits) it asks the account grain for.
/// </summary>
[Alias("nmcs.IRatingPartitionGrain")]
public interface IRatingPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Rates records of SIMs by the subscriptions their account holds for them. Records of a SIM with no open
    /// subscription on its account (and all records of an account that does not exist) are left out of the answer:
    /// the caller asks that SIM's grain instead. With <paramref name="duplicatesChecked"/> the caller has already looked
    /// the record ids up in the ledger; the ledger's key still refuses a record another writer stored meanwhile.
    /// </summary>
    [Alias("RateAccounts")]
    Task<IReadOnlyList<UsageOutcome>> RateAccounts(IReadOnlyList<AccountUsage> accounts, bool duplicatesChecked);

    /// <summary>
    /// Rates records of one account's <paramref name="subscriptions"/> (each record's SIM among them), as
    /// <see cref="IAccountGrain.RateUsage"/> describes.
    /// </summary>
    [Alias("RateUsage")]
    Task<IReadOnlyList<UsageOutcome>> RateUsage(string accountId, IReadOnlyList<SubscriptionInfo> subscriptions, IReadOnlyList<UsageRecordIn> records, bool resumeSuspended);

    /// <summary>
    /// The account changed (a subscription, a limit, the account itself): what the partition holds of it is asked for
    /// again before its next record is rated. Counters are kept. Runs between the turns of a rating call.
    /// </summary>
    [Alias("Refresh")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task Refresh(string accountId);
}
