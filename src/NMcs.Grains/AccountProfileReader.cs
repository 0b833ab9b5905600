using System.Collections.Concurrent;
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
/// A partition keeps every profile it reads for as long as it rates the account, so the strings a profile repeats per
/// subscription are shared: the account id is the caller's, the ICCID the SIM directory's, and product ids, currencies,
/// zones and cycles come from a small pool (at most <see cref="MaxPooled"/> distinct values).
/// </remarks>
public sealed class AccountProfileReader(IServiceProvider services, AccountSubscriptionStore subscriptions, SimDirectory directory, IGrainFactory grains)
{
    private const int MaxPooled = 10_000;

    private readonly RelationalGrainStorage? _storage = services.GetKeyedService<IGrainStorage>(NMcsStorage.Name) as RelationalGrainStorage;
    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);
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
                profiles[id] = profile with { Currency = Pooled(profile.Currency), TimeZone = Pooled(profile.TimeZone), BillingCycle = Pooled(profile.BillingCycle) };
            }
        }

        return profiles;
    }

    private SubscriptionInfo Shared(string accountId, SubscriptionInfo subscription) => subscription with
    {
        AccountId = subscription.AccountId == accountId ? accountId : subscription.AccountId,
        Iccid = directory.Canonical(subscription.Iccid),
        ProductId = Pooled(subscription.ProductId),
    };

    private string Pooled(string value) =>
        _pool.TryGetValue(value, out var held) ? held : _pool.Count < MaxPooled ? _pool.GetOrAdd(value, value) : value;
}
