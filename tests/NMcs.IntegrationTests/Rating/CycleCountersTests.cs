using NMcs.Catalog.Model;
using NMcs.Grains;
using NMcs.Rating.Engine;

namespace NMcs.IntegrationTests.Rating;

/// <summary>
/// The account grain's per-cycle counters: what a record of a SIM sees is its own counters plus the account's
/// (pooled), summed per id and kept apart by kind; deltas add up exactly; encoded deltas read back the same.
/// </summary>
public sealed class CycleCountersTests
{
    private const string Cycle = "2026-03";
    private const string Sim = "8944500000000000001";
    private const string OtherSim = "8944500000000000002";

    [Fact]
    public void A_sim_sees_its_own_counters_plus_the_accounts_summed_per_id()
    {
        var counters = new CycleCounters(Cycle);
        counters.Apply(Sim, [Used("DATA-10MB", CounterScope.Subscription, 4_194_304m)]);
        counters.Apply(Sim, [Used("DATA-10MB", CounterScope.Subscription, 1_048_576m), Used("POOL", CounterScope.Account, 100m)]);
        counters.Apply(OtherSim, [Used("POOL", CounterScope.Account, 250m), Charged("DATA", CounterScope.Subscription, 7m)]);

        var seen = counters.For(Sim);

        // own allowance: 4,194,304 + 1,048,576 = 5,242,880 bytes (5 MB); the pool: 100 + 250 = 350 from both SIMs
        Assert.Equal(5_242_880m, seen.AllowanceUsed["DATA-10MB"]);
        Assert.Equal(350m, seen.AllowanceUsed["POOL"]);
        Assert.Equal(2, seen.AllowanceUsed.Count);

        // the other SIM's own charge quantity is not this SIM's
        Assert.Empty(seen.ChargeQuantity);
        Assert.False(seen.ChargeQuantity.TryGetValue("DATA", out _));
        Assert.Equal(7m, counters.For(OtherSim).ChargeQuantity["DATA"]);
        Assert.False(counters.For(OtherSim).AllowanceUsed.ContainsKey("DATA-10MB"));
    }

    [Fact]
    public void Account_and_sim_counters_of_the_same_id_are_added()
    {
        var counters = new CycleCounters(Cycle);
        counters.Apply(Sim, [Charged("TIER", CounterScope.Account, 1.25m), Charged("TIER", CounterScope.Subscription, 0.5m)]);

        // 1.25 (account) + 0.5 (SIM) = 1.75
        var seen = counters.For(Sim);
        Assert.Equal(1.75m, seen.ChargeQuantity["TIER"]);
        Assert.Equal([new KeyValuePair<string, decimal>("TIER", 1.75m)], seen.ChargeQuantity.ToList());
        Assert.Throws<KeyNotFoundException>(() => seen.ChargeQuantity["OTHER"]);
    }

    [Fact]
    public void A_fresh_cycle_shows_nothing_and_encoded_deltas_apply_the_same()
    {
        var counters = new CycleCounters(Cycle);
        Assert.Empty(counters.For(Sim).AllowanceUsed);

        IReadOnlyList<CounterDelta> deltas = [Used("DATA-10MB", CounterScope.Subscription, 0.000001m), Charged("DATA", CounterScope.Account, 3m)];
        counters.Apply(Sim, CycleCounters.Encode(deltas));
        counters.Apply(Sim, deltas);

        // each delta twice: 0.000001 × 2 = 0.000002, 3 × 2 = 6
        Assert.Equal(0.000002m, counters.For(Sim).AllowanceUsed["DATA-10MB"]);
        Assert.Equal(6m, counters.For(OtherSim).ChargeQuantity["DATA"]);
    }

    [Fact]
    public void Each_encoding_holds_only_its_own_deltas()
    {
        // Encoded one after another on one thread (the builder is reused): nothing of the first is left in the second.
        var first = CycleCounters.Encode([Used("DATA-10MB", CounterScope.Subscription, 1_048_576m), Charged("DATA", CounterScope.Account, 2.5m)]);
        var second = CycleCounters.Encode([Charged("SMS", CounterScope.Subscription, 3m)]);
        Assert.Equal("As 1048576 DATA-10MB\nCa 2.5 DATA\n", first);
        Assert.Equal("Cs 3 SMS\n", second);
        Assert.Equal(string.Empty, CycleCounters.Encode([]));
    }

    private static CounterDelta Used(string id, CounterScope scope, decimal quantity) => new(CounterKind.AllowanceUsed, id, scope, Cycle, quantity);

    private static CounterDelta Charged(string id, CounterScope scope, decimal quantity) => new(CounterKind.ChargeQuantity, id, scope, Cycle, quantity);
}
