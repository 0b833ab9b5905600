using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.State;
using NMcs.Storage;
using Orleans.Storage;

namespace NMcs.Grains;

/// <summary>
/// Reads the rating profiles of many accounts straight from the store — their grain state and their subscription
/// rows, a few hundred accounts to a query — without activating their grains. After a start, the first ingest batches
/// name thousands of accounts: asking each account grain meant an activation and two reads per account, which held the
/// first batches for seconds. What is read is what the grains' last completed writes stored, which is what they answer
/// with too: an account grain writes every change before it tells the partition to ask again.
/// </summary>
/// <remarks>
/// The strings a profile repeats per subscription are shared: the account id is the caller's, the ICCID the SIM
/// directory's, and product ids, currencies, zones and cycles come from a small pool (at most 10,000 distinct values).
/// </remarks>
public sealed class AccountProfileReader(IServiceProvider services, AccountSubscriptionStore subscriptions, SimDirectory directory, IGrainFactory grains)
{
    private readonly RelationalGrainStorage? _storage = services.GetKeyedService<IGrainStorage>(NMcsStorage.Name) as RelationalGrainStorage;
    private readonly SharedInstances<string> _pool = new(10_000, StringComparer.Ordinal);
    private GrainType? _accountType;

    /// <summary>
    /// The profile of each of <paramref name="accountIds"/> found in the store, and null for an id that is no
    /// account. An id missing from the answer is for its grain to answer: its state still holds subscriptions of an
    /// older build (the grain moves them at activation), or the grain storage is not the platform's database.
    /// </summary>
    public async Task<Dictionary<string, AccountRatingProfile?>> ReadAsync(IReadOnlyCollection<string> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var profiles = new Dictionary<string, AccountRatingProfile?>(StringComparer.Ordinal);
        if (_storage is null || accountIds.Count == 0)
        {
            return profiles;
        }

        _accountType ??= grains.GetGrain<IAccountGrain>("-").GetGrainId().Type;
        var states = await _storage.ReadManyAsync<AccountState>(AccountGrain.StateName, _accountType.Value, accountIds);
        var lists = await subscriptions.ListManyAsync(states.Keys);
        foreach (var id in accountIds)
        {
            if (!states.TryGetValue(id, out var state))
            {
                profiles[id] = null;
            }
            else if (state.Subscriptions.Count == 0)
            {
                var profile = AccountGrain.ProfileOf(id, state, (lists.GetValueOrDefault(id) ?? []).ConvertAll(s => Shared(id, s)));
                profiles[id] = profile with { Currency = _pool.Get(profile.Currency), TimeZone = _pool.Get(profile.TimeZone), BillingCycle = _pool.Get(profile.BillingCycle) };
            }
        }

        return profiles;
    }

    private SubscriptionInfo Shared(string accountId, SubscriptionInfo subscription) => subscription with
    {
        AccountId = subscription.AccountId == accountId ? accountId : subscription.AccountId,
        Iccid = directory.Canonical(subscription.Iccid),
        ProductId = _pool.Get(subscription.ProductId),
    };
}
