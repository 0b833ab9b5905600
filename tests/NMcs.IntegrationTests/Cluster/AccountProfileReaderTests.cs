using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains;
using NMcs.Grains.State;
using NMcs.Storage;
using Orleans.Storage;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>
/// Rating partitions read the profiles of the accounts they take on from the store instead of activating each
/// account's grain: what they read must be what the grain would have answered, and an account the store cannot answer
/// for (subscriptions still in an older build's state) is left to its grain.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class AccountProfileReaderTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_store_answers_what_the_account_grain_answers()
    {
        const string accountId = "PROFILE-READ-1";
        var account = fixture.Grains.GetGrain<IAccountGrain>(accountId);
        await account.Open("CUST-PROFILE-READ", "EUR", "Europe/Berlin", billingCycle: "monthly:15");
        var first = new SubscriptionInfo("sub-pr-1", "8949000000000700001", accountId, "iot-basic", 1, T0);
        var second = new SubscriptionInfo("sub-pr-2", "8949000000000700002", accountId, "iot-basic", 2, T0.AddHours(1));
        await account.AddSubscription(first);
        await account.AddSubscription(second);
        await account.UpdateSubscription(first with { EndedAt = T0.AddDays(3), EndReason = SubscriptionEnd.Terminated });
        await account.SetCreditLimit(25.50m);
        await account.SetSimChargeLimit(second.Iccid, 4.25m);

        var read = await Reader().ReadAsync([accountId, "PROFILE-READ-NONE"]);
        var grain = await account.GetRatingProfile();

        Assert.NotNull(grain);
        var profile = read[accountId];
        Assert.NotNull(profile);
        Assert.Equal((grain.AccountId, grain.Currency, grain.TimeZone, grain.BillingCycle, grain.CreditLimit), (profile.AccountId, profile.Currency, profile.TimeZone, profile.BillingCycle, profile.CreditLimit));
        Assert.Equal(("EUR", "Europe/Berlin", 25.50m), (profile.Currency, profile.TimeZone, profile.CreditLimit));
        Assert.Equal(grain.SimChargeLimits.OrderBy(p => p.Key), profile.SimChargeLimits.OrderBy(p => p.Key));
        Assert.Equal(4.25m, profile.SimChargeLimits[second.Iccid]);
        Assert.Equal(grain.Subscriptions.Select(s => (s.Id, s.EndedAt, s.EndReason)), profile.Subscriptions.Select(s => (s.Id, s.EndedAt, s.EndReason)));
        Assert.Equal(T0.AddDays(3), profile.Subscriptions[0].EndedAt);

        // Held for as long as the partition rates the account: the strings repeated per subscription are shared.
        Assert.Same(accountId, profile.Subscriptions[0].AccountId);
        Assert.Same(accountId, profile.Subscriptions[1].AccountId);
        Assert.Same(profile.Subscriptions[0].ProductId, profile.Subscriptions[1].ProductId);

        // No such account: null, as the grain answers.
        Assert.True(read.ContainsKey("PROFILE-READ-NONE"));
        Assert.Null(read["PROFILE-READ-NONE"]);
        Assert.Null(await fixture.Grains.GetGrain<IAccountGrain>("PROFILE-READ-NONE").GetRatingProfile());
    }

    [Fact]
    public async Task An_account_with_subscriptions_in_an_older_builds_state_is_left_to_its_grain()
    {
        const string accountId = "PROFILE-READ-LEGACY";
        var account = fixture.Grains.GetGrain<IAccountGrain>(accountId);
        var silo = fixture.Cluster.Silos.OfType<InProcessSiloHandle>().First();
        var storage = new RelationalGrainStorage("legacy", ClusterFixture.Database, silo.ServiceProvider.GetRequiredService<IGrainStorageSerializer>(), TimeProvider.System);
        var legacy = new SubscriptionInfo("sub-prl-1", "8949000000000700011", accountId, "iot-basic", 1, T0);
        await storage.WriteStateAsync("account", account.GetGrainId(), new GrainState<AccountState>(new AccountState { CustomerId = "LEGACY", Currency = "EUR", TimeZone = "UTC", Subscriptions = [legacy] }));

        Assert.False((await Reader().ReadAsync([accountId])).ContainsKey(accountId));

        // Once the grain has moved them to their table, the store answers.
        Assert.NotNull(await account.GetInfo());
        var read = await Reader().ReadAsync([accountId]);
        Assert.Equal(["sub-prl-1"], read[accountId]!.Subscriptions.Select(s => s.Id));
    }

    private AccountProfileReader Reader() =>
        fixture.Cluster.Silos.OfType<InProcessSiloHandle>().First().ServiceProvider.GetRequiredService<AccountProfileReader>();
}
