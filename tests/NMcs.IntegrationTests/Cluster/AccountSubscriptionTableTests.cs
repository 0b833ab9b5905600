using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.State;
using NMcs.Storage;
using Orleans.Storage;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>
/// An account's subscriptions live in their own table, one row each: an account stored by an older build (with its
/// subscriptions inside the account's state) has them moved there on activation, and a change to one subscription
/// rewrites that row only.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class AccountSubscriptionTableTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Subscriptions_in_an_older_accounts_state_move_to_their_table_and_changes_reach_only_their_row()
    {
        const string accountId = "LEGACY-SUBS-1";
        var first = new SubscriptionInfo("sub-old-1", "8949000000000000011", accountId, "iot-basic", 1, T0, Suspensions: new List<SuspensionSpan> { new(T0.AddDays(1), T0.AddDays(2)) });
        var second = new SubscriptionInfo("sub-old-2", "8949000000000000012", accountId, "iot-basic", 1, T0.AddHours(3));

        // The account as an older build stored it: the subscriptions inside the account's state.
        var silo = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().First();
        var storage = new RelationalGrainStorage("legacy", ClusterFixture.Database, silo.ServiceProvider.GetRequiredService<IGrainStorageSerializer>(), TimeProvider.System);
        var account = fixture.Grains.GetGrain<IAccountGrain>(accountId);
        var legacy = new GrainState<AccountState>(new AccountState { CustomerId = "LEGACY", Currency = "EUR", TimeZone = "UTC", Subscriptions = new List<SubscriptionInfo> { first, second } });
        await storage.WriteStateAsync("account", account.GetGrainId(), legacy);

        var info = await account.GetInfo();

        Assert.NotNull(info);
        Assert.Equal(["sub-old-1", "sub-old-2"], info.Subscriptions.Select(s => s.Id));
        Assert.Equal(first.Suspensions, info.Subscriptions[0].Suspensions);
        var store = new AccountSubscriptionStore(ClusterFixture.Database);
        Assert.Equal(["sub-old-1", "sub-old-2"], (await store.ListAsync(accountId)).Select(s => s.Id));
        var stored = new GrainState<AccountState>(new AccountState());
        await storage.ReadStateAsync("account", account.GetGrainId(), stored);
        Assert.NotNull(stored.State);
        Assert.Empty(stored.State.Subscriptions);
        Assert.Equal("LEGACY", stored.State.CustomerId);

        // One subscription ends: its row changes, the other's does not, and the account's state stays without them.
        var ended = second with { EndedAt = T0.AddDays(9), EndReason = SubscriptionEnd.Terminated };
        await account.UpdateSubscription(ended);

        var rows = await store.ListAsync(accountId);
        Assert.Null(rows[0].EndedAt);
        Assert.Equal(first.Suspensions, rows[0].Suspensions);
        Assert.Equal(T0.AddDays(9), rows[1].EndedAt);
        Assert.Equal(SubscriptionEnd.Terminated, rows[1].EndReason);
        await storage.ReadStateAsync("account", account.GetGrainId(), stored);
        Assert.Empty(stored.State.Subscriptions);

        // An unknown subscription is refused and nothing is written.
        var error = await Assert.ThrowsAsync<DomainException>(() => account.UpdateSubscription(second with { Id = "sub-unknown" }));
        Assert.Equal("UNKNOWN_SUBSCRIPTION", error.Code);
        Assert.Equal(2, (await store.ListAsync(accountId)).Count);
    }
}
