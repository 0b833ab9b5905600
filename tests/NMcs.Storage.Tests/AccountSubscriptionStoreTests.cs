using NMcs.Abstractions.Contracts;

namespace NMcs.Storage.Tests;

public sealed class AccountSubscriptionStoreTests : StoreTest
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private AccountSubscriptionStore _store = null!;

    protected override Task OnStoreReadyAsync()
    {
        _store = new AccountSubscriptionStore(Db.Database);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Subscriptions_round_trip_with_suspensions_swaps_and_end_reason()
    {
        var full = new SubscriptionInfo(
            "sub-1",
            "8949000000000000001",
            "acct-1",
            "iot-basic",
            3,
            T0,
            T0.AddDays(20),
            [new SuspensionSpan(T0.AddDays(2), T0.AddDays(4)), new SuspensionSpan(T0.AddDays(10), null)],
            SubscriptionEnd.PlanChanged,
            [T0.AddDays(5)]);
        var plain = new SubscriptionInfo("sub-2", "8949000000000000002", "acct-1", "iot-basic", 1, T0.AddHours(1));

        await _store.SaveAsync("acct-1", [new SubscriptionWrite(full, 0), new SubscriptionWrite(plain, 1)], T0);

        var read = await _store.ListAsync("acct-1");
        Assert.Equal(2, read.Count);
        Assert.Equal(full with { Suspensions = null, SimSwaps = null }, read[0] with { Suspensions = null, SimSwaps = null });
        Assert.Equal(full.Suspensions, read[0].Suspensions);
        Assert.Equal(full.SimSwaps, read[0].SimSwaps);
        Assert.Equal(plain, read[1]);
        Assert.Empty(await _store.ListAsync("acct-2"));
    }

    [Fact]
    public async Task An_update_replaces_the_row_and_keeps_its_place()
    {
        var first = new SubscriptionInfo("sub-a", "8949000000000000001", "acct-1", "p", 1, T0);
        var second = new SubscriptionInfo("sub-b", "8949000000000000002", "acct-1", "p", 1, T0);
        await _store.SaveAsync("acct-1", [new SubscriptionWrite(first, 0)], T0);
        await _store.SaveAsync("acct-1", [new SubscriptionWrite(second, 1)], T0);

        // The first subscription ends; the position passed with an update is ignored.
        await _store.SaveAsync("acct-1", [new SubscriptionWrite(first with { EndedAt = T0.AddDays(3), EndReason = SubscriptionEnd.Terminated }, 99)], T0.AddDays(3));

        var read = await _store.ListAsync("acct-1");
        Assert.Equal(["sub-a", "sub-b"], read.Select(s => s.Id));
        Assert.Equal(T0.AddDays(3), read[0].EndedAt);
        Assert.Equal(SubscriptionEnd.Terminated, read[0].EndReason);
    }

    [Fact]
    public async Task A_subscription_of_another_account_is_refused_and_nothing_is_written()
    {
        var mine = new SubscriptionInfo("sub-a", "8949000000000000001", "acct-1", "p", 1, T0);
        var theirs = new SubscriptionInfo("sub-b", "8949000000000000002", "acct-2", "p", 1, T0);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync("acct-1", [new SubscriptionWrite(mine, 0), new SubscriptionWrite(theirs, 1)], T0));

        Assert.Contains("acct-2", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListAsync("acct-1"));
    }

    [Fact]
    public async Task Open_accounts_name_only_SIMs_with_one_open_never_swapped_subscription()
    {
        const string Plain = "8949000000000000001", PlanChanged = "8949000000000000002", Swapped = "8949000000000000003",
            Ended = "8949000000000000004", Unknown = "8949000000000000005";
        await _store.SaveAsync(
            "acct-1",
            [
                new SubscriptionWrite(new SubscriptionInfo("s1", Plain, "acct-1", "p", 1, T0), 0),

                // a plan change: the old subscription ended, the new one is open: still one open subscription
                new SubscriptionWrite(new SubscriptionInfo("s2", PlanChanged, "acct-1", "p", 1, T0, T0.AddDays(3), EndReason: SubscriptionEnd.PlanChanged), 1),
                new SubscriptionWrite(new SubscriptionInfo("s3", PlanChanged, "acct-1", "p", 2, T0.AddDays(3)), 2),

                // a swap in the history: the SIM grain decides whose usage it is
                new SubscriptionWrite(new SubscriptionInfo("s4", Swapped, "acct-1", "p", 1, T0, SimSwaps: [T0.AddDays(1)]), 3),
                new SubscriptionWrite(new SubscriptionInfo("s5", Ended, "acct-1", "p", 1, T0, T0.AddDays(2), EndReason: SubscriptionEnd.Terminated), 4),
            ],
            T0);
        const string NoSwapsYet = "8949000000000000007", Suspended = "8949000000000000008", TwiceOpen = "8949000000000000009";
        await _store.SaveAsync(
            "acct-2",
            [
                new SubscriptionWrite(new SubscriptionInfo("s6", "8949000000000000006", "acct-2", "p", 1, T0), 0),

                // an empty swap list is no swap; a suspension does not end a subscription
                new SubscriptionWrite(new SubscriptionInfo("s7", NoSwapsYet, "acct-2", "p", 1, T0, SimSwaps: []), 1),
                new SubscriptionWrite(new SubscriptionInfo("s8", Suspended, "acct-2", "p", 1, T0, Suspensions: [new SuspensionSpan(T0.AddDays(1), null)]), 2),

                // two open subscriptions of one SIM (on two accounts): not for ingestion to choose
                new SubscriptionWrite(new SubscriptionInfo("s9", TwiceOpen, "acct-2", "p", 1, T0), 3),
            ],
            T0);
        await _store.SaveAsync("acct-3", [new SubscriptionWrite(new SubscriptionInfo("s10", TwiceOpen, "acct-3", "p", 1, T0), 0)], T0);

        var open = await _store.OpenAccountsAsync([Plain, PlanChanged, Swapped, Ended, Unknown, "8949000000000000006", NoSwapsYet, Suspended, TwiceOpen]);

        Assert.Equal(
            new Dictionary<string, string> { [Plain] = "acct-1", [PlanChanged] = "acct-1", ["8949000000000000006"] = "acct-2", [NoSwapsYet] = "acct-2", [Suspended] = "acct-2" },
            open);
        Assert.Empty(await _store.OpenAccountsAsync([]));
    }

    [Fact]
    public async Task List_many_gives_each_account_what_list_gives_it()
    {
        // 601 accounts (chunks of 500 and 101), account i with i % 4 subscriptions saved in two calls at positions 5
        // and 2, with ids against the order they were made in: position decides, then the id.
        var accounts = Enumerable.Range(0, 601).Select(i => "acct-" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (var a = 0; a < accounts.Count; a++)
        {
            var subs = Enumerable.Range(0, a % 4)
                .Select(k => new SubscriptionInfo($"sub-{a}-{3 - k}", $"89490000000{a:D4}{k:D4}", accounts[a], "p", 1, T0.AddMinutes(k)))
                .ToList();
            await _store.SaveAsync(accounts[a], subs.Where((_, k) => k % 2 == 1).Select(sub => new SubscriptionWrite(sub, 5)).ToList(), T0);
            await _store.SaveAsync(accounts[a], subs.Where((_, k) => k % 2 == 0).Select(sub => new SubscriptionWrite(sub, 2)).ToList(), T0);
        }

        var many = await _store.ListManyAsync([.. accounts, "acct-none"]);

        Assert.Equal(accounts.Count(a => int.Parse(a[5..], System.Globalization.CultureInfo.InvariantCulture) % 4 > 0), many.Count);
        foreach (var account in accounts)
        {
            var one = await _store.ListAsync(account);
            Assert.Equal(one, many.GetValueOrDefault(account) ?? []);
        }

        // Account 3: k = 0 and 2 (ids sub-3-3, sub-3-1) at position 2, by id; then k = 1 (sub-3-2) at position 5.
        Assert.Equal(["sub-3-1", "sub-3-3", "sub-3-2"], many["acct-003"].Select(s => s.Id));
    }
}
