using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class AllowanceTests
{
    // DATA 0.02/MB; a 10 MB subscription bonus (priority 1) and a 100 MB pool for the account (priority 2).
    private static ProductOffering Product(int bonusPriority = 1, int poolPriority = 2) => TestCatalog.Product($$"""
        "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02 } ],
        "allowances": [
          { "id": "bonus", "name": "Bonus 10 MB", "service": "DATA", "quantity": 10, "unit": "MB", "scope": "subscription", "priority": {{bonusPriority}} },
          { "id": "pool", "name": "Pool 100 MB", "service": "DATA", "quantity": 100, "unit": "MB", "scope": "pooled", "priority": {{poolPriority}} }
        ]
        """);

    [Fact]
    public void A_pooled_allowance_is_shared_and_exhausted_across_the_account_sims()
    {
        // SIM A already used 70 MB of the 100 MB pool, and every SIM has used its 10 MB bonus.
        // SIM B uses 50 MB: pool covers 30 MB, billable 20 MB × 0.02 = 0.40
        // SIM C then uses 10 MB: pool exhausted, bonus used → 10 MB × 0.02 = 0.20
        var product = Product();
        var account = Counters(allowances: [("pool", 70 * Mb), ("bonus", 10 * Mb)]);

        var simB = Rate(product, Data(50 * Mb, id: "sim-b"), account);
        var simC = Rate(product, Data(10 * Mb, id: "sim-c"), account.Apply(simB.CounterDeltas));

        Assert.Equal(0.40m, simB.Total);
        var used = Assert.Single(simB.Parts[0].Allowances);
        Assert.Equal(("pool", CounterScope.Account, 30 * Mb, 30m), (used.AllowanceId, used.Scope, used.Quantity, used.Units));
        Assert.Equal(new CounterDelta(CounterKind.AllowanceUsed, "pool", CounterScope.Account, "2026-03", 30 * Mb), Assert.Single(simB.CounterDeltas));
        Assert.Equal(0.20m, simC.Total);
        Assert.Empty(simC.CounterDeltas);
    }

    [Fact]
    public void Allowances_reset_at_cycle_start()
    {
        // March: bonus and pool used up → 5 MB × 0.02 = 0.10. April starts at zero: bonus covers 5 MB → 0.00
        var product = Product();
        var march = Counters(allowances: [("pool", 100 * Mb), ("bonus", 10 * Mb)]);

        var inMarch = Rate(product, Data(5 * Mb), march);
        var inApril = Rate(product, Data(5 * Mb, Local(2026, 4, 1, 0, 30)), RatingCounters.Empty("2026-04"));

        Assert.Equal(0.10m, inMarch.Total);
        Assert.Equal(0.00m, inApril.Total);
        Assert.Equal(new CounterDelta(CounterKind.AllowanceUsed, "bonus", CounterScope.Subscription, "2026-04", 5 * Mb), Assert.Single(inApril.CounterDeltas));
    }

    [Fact]
    public void Allowances_are_consumed_in_priority_order()
    {
        // 15 MB, bonus first (priority 1): bonus 10 MB, pool 5 MB, billable 0 → 0.00
        var result = Rate(Product(), Data(15 * Mb));

        Assert.Equal(new[] { ("bonus", 10 * Mb), ("pool", 5 * Mb) }, result.Parts[0].Allowances.Select(a => (a.AllowanceId, a.Quantity)));
        Assert.Equal(0.00m, result.Total);
    }

    [Fact]
    public void Swapping_priorities_swaps_the_consumption_order()
    {
        // 15 MB, pool first (priority 1): pool covers all 15 MB, bonus untouched → 0.00
        var result = Rate(Product(bonusPriority: 2, poolPriority: 1), Data(15 * Mb));

        Assert.Equal(("pool", 15 * Mb), (Assert.Single(result.Parts[0].Allowances).AllowanceId, result.Parts[0].Allowances[0].Quantity));
    }

    [Fact]
    public void An_allowance_restricted_to_a_band_only_covers_that_band()
    {
        // 50 MB free at night (00:00–06:00) only; DATA 0.02/MB.
        // 10 MB at 03:00 → night allowance covers it: 0.00; 10 MB at 12:00 → 10 × 0.02 = 0.20
        var product = TestCatalog.Product("""
            "timeBands": [ { "id": "night", "windows": [ { "days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"], "from": "00:00", "to": "06:00" } ] } ],
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.02 } ],
            "allowances": [ { "id": "night-50", "name": "Night 50 MB", "service": "DATA", "quantity": 50, "unit": "MB", "timeBand": "night" } ]
            """);

        Assert.Equal(0.00m, Rate(product, Data(10 * Mb, Local(2026, 3, 10, 3, 0))).Total);
        Assert.Equal(0.20m, Rate(product, Data(10 * Mb, Local(2026, 3, 10, 12, 0))).Total);
    }

    [Fact]
    public void Allowances_count_the_rounded_quantity()
    {
        // 60 free minutes; a 10 s call with 60/1 is charged as 60 s and takes 60 s of the allowance
        var product = TestCatalog.Product("""
            "usageCharges": [ { "id": "voice", "name": "Calls", "service": "VOICE", "rateUnit": "MIN", "price": 0.10, "increment": { "first": 60, "next": 1 } } ],
            "allowances": [ { "id": "minutes", "name": "60 minutes", "service": "VOICE", "quantity": 60, "unit": "MIN" } ]
            """);

        var result = Rate(product, Voice(10));

        Assert.Equal(60m, Assert.Single(result.CounterDeltas).Quantity);
        Assert.Equal(1m, result.Parts[0].Allowances[0].Units);
    }
}
