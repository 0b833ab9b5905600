using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using NMcs.Rating.Thresholds;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

/// <summary>
/// Crossing detection of allowance and charge thresholds, hand-computed. Data units are binary: 1 GB = 1,024 MB, so
/// 80 % of 1 GB is 819.2 MB; the 1,000 MB allowances make the arithmetic round.
/// </summary>
public class ThresholdTests
{
    private const string Sim1 = "8944500102198304826";
    private const string Sim2 = "8944500102198304834";

    // 1,000 MB per SIM, then 0.01 per MB.
    private static ProductOffering PerSim(string notify = "") => Product($$"""
        "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.01 } ],
        "allowances": [ { "id": "data-1000", "name": "1000 MB", "service": "DATA", "quantity": 1000, "unit": "MB"{{notify}} } ]
        """);

    // 1,000 MB pooled by the account's SIMs, then 0.01 per MB.
    private static ProductOffering Pooled() => Product("""
        "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.01 } ],
        "allowances": [ { "id": "pool", "name": "Pool 1000 MB", "service": "DATA", "quantity": 1000, "unit": "MB", "scope": "pooled" } ]
        """);

    // 0.01 per MB, nothing included: 600 MB cost 6.00.
    private static ProductOffering PayAsYouGo() => Product("""
        "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.01 } ]
        """);

    [Fact]
    public void A_sim_allowance_raises_80_percent_on_the_record_that_reaches_it_and_100_percent_when_used_up()
    {
        // 1,000 MB allowance: 500 MB (50 %) → nothing; +300 MB = 800 MB = 80 % → 80 % by rec-2;
        // +300 MB: the allowance covers the last 200 MB (1,000 MB = 100 %), 100 MB billable → 100 % by rec-3.
        var account = new Account(PerSim());

        Assert.Empty(account.Send(Sim1, 500, "rec-1"));
        var at80 = Assert.Single(account.Send(Sim1, 300, "rec-2"));
        var at100 = Assert.Single(account.Send(Sim1, 300, "rec-3"));

        Assert.Equal((ThresholdKind.AllowanceUsage, Sim1, "data-1000", 80m, 800m, 1000m, "MB"), Describe(at80));
        Assert.Equal((800m, "rec-2", "2026-03"), (at80.Value, at80.RecordId, at80.CycleKey));
        Assert.Equal((ThresholdKind.AllowanceUsage, Sim1, "data-1000", 100m, 1000m, 1000m, "MB"), Describe(at100));
        Assert.Equal((1000m, "rec-3"), (at100.Value, at100.RecordId));
    }

    [Fact]
    public void A_1_gb_allowance_is_binary_so_800_mb_is_below_80_percent_and_one_record_can_cross_both()
    {
        // 80 % of 1 GB = 819.2 MB. 500 + 300 = 800 MB stays below it; the next 300 MB takes the counter to 1,024 MB
        // (the allowance covers 224 MB of it): 80 % and 100 % by the same record, 80 % first.
        var account = new Account(Product("""
            "usageCharges": [ { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "price": 0.01 } ],
            "allowances": [ { "id": "data-1gb", "name": "1 GB", "service": "DATA", "quantity": 1, "unit": "GB" } ]
            """));

        Assert.Empty(account.Send(Sim1, 500, "rec-1"));
        Assert.Empty(account.Send(Sim1, 300, "rec-2"));
        var crossed = account.Send(Sim1, 300, "rec-3");

        Assert.Equal([80m, 100m], crossed.Select(c => c.Key.Percent));
        Assert.Equal([0.8m, 1m], crossed.Select(c => c.Key.Threshold));
        Assert.All(crossed, c => Assert.Equal((1m, "GB", "rec-3"), (c.Value, c.Key.Unit, c.RecordId)));
    }

    [Fact]
    public void Records_after_a_crossing_raise_nothing_more_in_the_cycle()
    {
        // 850 MB raises 80 %; 100 MB more (950 MB) is still between 80 % and 100 %; 100 MB more uses it up (100 %);
        // 200 MB more is all billable: nothing.
        var account = new Account(PerSim());

        Assert.Equal([80m], account.Send(Sim1, 850, "a").Select(c => c.Key.Percent));
        Assert.Empty(account.Send(Sim1, 100, "b"));
        Assert.Equal([100m], account.Send(Sim1, 100, "c").Select(c => c.Key.Percent));
        Assert.Empty(account.Send(Sim1, 200, "d"));
    }

    [Fact]
    public void A_pooled_allowance_counts_every_sim_of_the_account_and_raises_account_events()
    {
        // Pool 1,000 MB. SIM 1 uses 600 MB (60 %); SIM 2 uses 250 MB → 850 MB ≥ 800 MB: 80 % by SIM 2's record;
        // SIM 1 uses 150 MB → 1,000 MB: 100 %. Pool events belong to the account (no ICCID).
        var account = new Account(Pooled());

        Assert.Empty(account.Send(Sim1, 600, "sim1-a"));
        var at80 = Assert.Single(account.Send(Sim2, 250, "sim2-a"));
        var at100 = Assert.Single(account.Send(Sim1, 150, "sim1-b"));

        Assert.Equal((ThresholdKind.AllowanceUsage, null, "pool", 80m, 800m, 1000m, "MB"), Describe(at80));
        Assert.Equal((850m, "sim2-a"), (at80.Value, at80.RecordId));
        Assert.Equal((ThresholdKind.AllowanceUsage, null, "pool", 100m, 1000m, 1000m, "MB"), Describe(at100));
        Assert.Equal((1000m, "sim1-b"), (at100.Value, at100.RecordId));
    }

    [Fact]
    public void Each_sim_has_its_own_thresholds_for_a_per_sim_allowance()
    {
        // 1,000 MB each: SIM 1 at 800 MB raises its 80 %; SIM 2 at 800 MB raises its own 80 %, not SIM 1's again.
        var account = new Account(PerSim());

        var first = Assert.Single(account.Send(Sim1, 800, "a"));
        var second = Assert.Single(account.Send(Sim2, 800, "b"));

        Assert.Equal((Sim1, 80m), (first.Iccid, first.Key.Percent));
        Assert.Equal((Sim2, 80m), (second.Iccid, second.Key.Percent));
    }

    [Fact]
    public void A_credit_limit_raises_its_warning_percentage_and_100_percent_of_the_cycle_charges()
    {
        // Limit 10.00 EUR at 0.01/MB: 600 MB = 6.00 (60 %); 250 MB = 2.50 → 8.50 ≥ 8.00 (80 %): warning by rec-2;
        // 150 MB = 1.50 → 10.00 ≥ 10.00: 100 % by rec-3 (reaching the limit exactly counts).
        var account = new Account(PayAsYouGo(), new ChargeLimits("EUR", 10.00m, new Dictionary<string, decimal>()));

        Assert.Empty(account.Send(Sim1, 600, "rec-1"));
        var warning = Assert.Single(account.Send(Sim2, 250, "rec-2"));
        var limit = Assert.Single(account.Send(Sim1, 150, "rec-3"));

        Assert.Equal((ThresholdKind.CreditLimit, null, "", 80m, 8.00m, 10.00m, "EUR"), Describe(warning));
        Assert.Equal((8.50m, "rec-2"), (warning.Value, warning.RecordId));
        Assert.Equal((ThresholdKind.CreditLimit, null, "", 100m, 10.00m, 10.00m, "EUR"), Describe(limit));
        Assert.Equal((10.00m, "rec-3"), (limit.Value, limit.RecordId));
        Assert.Equal(10.00m, account.Thresholds.AccountCharges);
    }

    [Fact]
    public void A_sim_charge_limit_watches_only_that_sims_charges()
    {
        // SIM 1 limited to 5.00 (warning 4.00): SIM 2's 9.00 moves the account total only; SIM 1's 4.50 raises the
        // warning, its next 0.50 (5.00) the limit.
        var account = new Account(PayAsYouGo(), new ChargeLimits("EUR", null, new Dictionary<string, decimal> { [Sim1] = 5.00m }));

        Assert.Empty(account.Send(Sim2, 900, "sim2"));
        var warning = Assert.Single(account.Send(Sim1, 450, "sim1-a"));
        var limit = Assert.Single(account.Send(Sim1, 50, "sim1-b"));

        Assert.Equal((ThresholdKind.SimChargeLimit, Sim1, "", 80m, 4.00m, 5.00m, "EUR"), Describe(warning));
        Assert.Equal(4.50m, warning.Value);
        Assert.Equal((ThresholdKind.SimChargeLimit, Sim1, "", 100m, 5.00m, 5.00m, "EUR"), Describe(limit));
        Assert.Equal(14.00m, account.Thresholds.AccountCharges); // 9.00 + 4.50 + 0.50
    }

    [Fact]
    public void Watching_only_the_limited_sims_keeps_their_totals_and_the_accounts_and_refuses_a_limit_it_did_not_watch()
    {
        // SIM 1 watched (limit 5.00, warning 4.00), SIM 2 not: SIM 2's 9.00 counts for the account only; SIM 1's 4.50
        // raises its warning. The account has 9.00 + 4.50 = 13.50.
        var account = new Account(PayAsYouGo(), new ChargeLimits("EUR", null, new Dictionary<string, decimal> { [Sim1] = 5.00m }));
        account.Thresholds.WatchSimsOnly([Sim1]);

        Assert.Empty(account.Send(Sim2, 900, "sim2"));
        Assert.Equal([80m], account.Send(Sim1, 450, "sim1").Select(c => c.Key.Percent));
        Assert.Equal((4.50m, 13.50m), (account.Thresholds.SimCharges(Sim1), account.Thresholds.AccountCharges));
        var notKept = Assert.Throws<InvalidOperationException>(() => account.Thresholds.SimCharges(Sim2));
        Assert.Contains(Sim2, notKept.Message, StringComparison.Ordinal);

        // SIM 2 given a limit without the cycle being loaded again: refused (its own total was not kept), not
        // measured against a wrong 0.00. Nothing of the refused record counts.
        account.Limits = account.Limits with { Sims = new Dictionary<string, decimal> { [Sim1] = 5.00m, [Sim2] = 10.00m } };
        var refused = Assert.Throws<InvalidOperationException>(() => account.Send(Sim2, 100, "sim2-b"));
        Assert.Contains("load the cycle again", refused.Message, StringComparison.Ordinal);
        Assert.Equal(13.50m, account.Thresholds.AccountCharges);

        // The SIMs watched are chosen before the first charge only.
        Assert.Throws<InvalidOperationException>(() => account.Thresholds.WatchSimsOnly([Sim1, Sim2]));
    }

    [Fact]
    public void Reloaded_with_the_raised_thresholds_and_the_cycles_charges_nothing_is_raised_twice()
    {
        // What a reactivated account grain does: raised thresholds read back from the store, charges from the ledger.
        // 8.50 of 10.00 charged and the 80 % warning raised; 0.50 more (9.00) raises nothing, 1.00 more (10.00) 100 %.
        var limits = new ChargeLimits("EUR", 10.00m, new Dictionary<string, decimal>());
        var before = new Account(PayAsYouGo(), limits);
        var warning = Assert.Single(before.Send(Sim1, 850, "rec-1"));

        var reloaded = new Account(PayAsYouGo(), limits);
        reloaded.Thresholds.AddCharged(Sim1, 8.50m);
        reloaded.Thresholds.MarkRaised(warning.Key);

        Assert.Empty(reloaded.Send(Sim1, 50, "rec-2"));
        Assert.Equal([100m], reloaded.Send(Sim1, 100, "rec-3").Select(c => c.Key.Percent));
    }

    [Fact]
    public void A_changed_credit_limit_is_a_new_threshold_checked_from_the_next_record()
    {
        // Limit 10.00: 8.50 raises 80 %. Raised to 20.00: 16.00 is its warning; 8.00 more (16.50) raises it.
        // Lowered to 5.00 while 16.50 are charged: the next record (0.10) finds both 80 % and 100 % of 5.00 reached.
        var account = new Account(PayAsYouGo(), new ChargeLimits("EUR", 10.00m, new Dictionary<string, decimal>()));
        Assert.Single(account.Send(Sim1, 850, "a"));

        account.Limits = account.Limits with { Account = 20.00m };
        var warning = Assert.Single(account.Send(Sim1, 800, "b"));
        account.Limits = account.Limits with { Account = 5.00m };
        var lowered = account.Send(Sim1, 10, "c");

        Assert.Equal((80m, 16.00m, 16.50m), (warning.Key.Percent, warning.Key.Threshold, warning.Value));
        Assert.Equal([(80m, 4.00m), (100m, 5.00m)], lowered.Select(c => (c.Key.Percent, c.Key.Threshold)));
    }

    [Fact]
    public void Notify_at_percent_of_the_catalog_replaces_the_platform_default_and_an_empty_list_turns_it_off()
    {
        // notifyAtPercent [50]: 500 MB raises 50 %, 500 MB more (100 %) raises nothing. [] : nothing at all.
        var half = new Account(PerSim(""", "notifyAtPercent": [50]"""));
        var none = new Account(PerSim(""", "notifyAtPercent": []"""));

        Assert.Equal([50m], half.Send(Sim1, 500, "a").Select(c => c.Key.Percent));
        Assert.Empty(half.Send(Sim1, 500, "b"));
        Assert.Empty(none.Send(Sim1, 1000, "a"));
    }

    [Fact]
    public void The_platform_policy_sets_the_default_allowance_percentages_and_the_charge_warning()
    {
        // Policy: allowances at 90 % only, charge warning at 50 %. 900 MB raises 90 %; 200 MB more uses the allowance
        // up (100 % is not in the policy) and 100 MB are billable: 1.00 of a 2.00 limit raises the 50 % warning.
        var policy = new ThresholdPolicy { AllowancePercents = [90m], ChargeWarningPercent = 50m };
        var account = new Account(PerSim(), new ChargeLimits("EUR", 2.00m, new Dictionary<string, decimal>()), policy);

        Assert.Equal([90m], account.Send(Sim1, 900, "a").Select(c => c.Key.Percent));
        var crossed = account.Send(Sim1, 200, "b");

        var warning = Assert.Single(crossed);
        Assert.Equal((ThresholdKind.CreditLimit, 50m, 1.00m), (warning.Key.Kind, warning.Key.Percent, warning.Value));
    }

    [Fact]
    public void A_record_split_by_a_band_boundary_raises_its_crossing_once()
    {
        // A 1,000 MB allowance and two bands: a 20-minute session from 17:50 to 18:10 of 900 MB is split 450/450 MB
        // between peak and off-peak; both pieces use the allowance. The record reaches 900 MB: one 80 % event.
        var product = Product("""
            "timeBands": [
              { "id": "peak", "name": "Peak", "windows": [ { "days": ["monday","tuesday","wednesday","thursday","friday","saturday","sunday","holiday"], "from": "08:00", "to": "18:00" } ] },
              { "id": "off", "name": "Off-peak", "windows": [
                { "days": ["monday","tuesday","wednesday","thursday","friday","saturday","sunday","holiday"], "from": "00:00", "to": "08:00" },
                { "days": ["monday","tuesday","wednesday","thursday","friday","saturday","sunday","holiday"], "from": "18:00", "to": "24:00" } ] }
            ],
            "usageCharges": [
              { "id": "data-peak", "name": "Data peak", "service": "DATA", "rateUnit": "MB", "price": 0.02, "timeBand": "peak" },
              { "id": "data-off", "name": "Data off-peak", "service": "DATA", "rateUnit": "MB", "price": 0.01, "timeBand": "off" }
            ],
            "allowances": [ { "id": "data-1000", "name": "1000 MB", "service": "DATA", "quantity": 1000, "unit": "MB" } ]
            """);
        var plan = RatingPlan.For(product);
        var record = Data(900 * Mb, Local(2026, 3, 10, 17, 50), TimeSpan.FromMinutes(20));
        var before = RatingCounters.Empty("2026-03");
        var result = RatingEngine.Rate(plan, record, before, Berlin);
        var thresholds = new CycleThresholds("2026-03", ThresholdPolicy.Default);
        var crossed = new List<ThresholdCrossing>();

        thresholds.Observe(plan, Sim1, before, result.CounterDeltas, result.UnroundedTotal, ChargeLimits.None("EUR"), record.Id, record.Start, crossed);

        Assert.Equal(2, result.Parts.Count);
        var at80 = Assert.Single(crossed);
        Assert.Equal((80m, 900m), (at80.Key.Percent, at80.Value));
    }

    private static (ThresholdKind Kind, string? Iccid, string Subject, decimal Percent, decimal Threshold, decimal Limit, string Unit) Describe(ThresholdCrossing c) =>
        (c.Key.Kind, c.Iccid, c.Key.Subject, c.Key.Percent, c.Key.Threshold, c.Key.Limit, c.Key.Unit);

    /// <summary>
    /// What the account grain does per record, in miniature: the SIM's and the account's counters, rating, applying
    /// the deltas by scope, then thresholds. Sizes in MB; every record on 10 March.
    /// </summary>
    private sealed class Account(ProductOffering product, ChargeLimits? limits = null, ThresholdPolicy? policy = null)
    {
        private readonly RatingPlan _plan = RatingPlan.For(product);
        private readonly Dictionary<string, Dictionary<string, decimal>> _sims = [];
        private readonly Dictionary<string, decimal> _pool = [];

        public CycleThresholds Thresholds { get; } = new("2026-03", policy ?? ThresholdPolicy.Default);

        public ChargeLimits Limits { get; set; } = limits ?? ChargeLimits.None("EUR");

        public List<ThresholdCrossing> Send(string iccid, decimal megabytes, string id)
        {
            if (!_sims.TryGetValue(iccid, out var own))
            {
                own = [];
                _sims[iccid] = own;
            }

            var before = new RatingCounters("2026-03", own.Concat(_pool).ToDictionary(p => p.Key, p => p.Value), new Dictionary<string, decimal>());
            var record = Data(megabytes * Mb, Local(2026, 3, 10, 12, 0), id: id);
            var result = RatingEngine.Rate(_plan, record, before, Berlin);
            foreach (var delta in result.CounterDeltas.Where(d => d.Kind == CounterKind.AllowanceUsed))
            {
                var target = delta.Scope == CounterScope.Account ? _pool : own;
                target[delta.Id] = target.GetValueOrDefault(delta.Id) + delta.Quantity;
            }

            var crossed = new List<ThresholdCrossing>();
            Thresholds.Observe(_plan, iccid, before, result.CounterDeltas, result.UnroundedTotal, Limits, id, record.Start, crossed);
            return crossed;
        }
    }

    [Fact]
    public void A_raised_threshold_is_known_by_its_value_whatever_strings_carry_it()
    {
        var thresholds = new CycleThresholds("2026-03", new ThresholdPolicy());
        var key = new ThresholdKey(ThresholdKind.AllowanceUsage, Sim1, "data-1000", 1000m, "MB", 80m);
        thresholds.MarkRaised(key);

        // Equal keys built from other string instances (as read back from the store) are the same threshold ...
        var copy = new ThresholdKey(ThresholdKind.AllowanceUsage, new string(Sim1.AsSpan()), new string("data-1000".AsSpan()), 1000.0m, new string("MB".AsSpan()), 80m);
        Assert.True(thresholds.IsRaised(copy));

        // ... and a key differing in any one part is another.
        Assert.False(thresholds.IsRaised(key with { Owner = Sim2 }));
        Assert.False(thresholds.IsRaised(key with { Kind = ThresholdKind.CreditLimit }));
        Assert.False(thresholds.IsRaised(key with { Subject = "data-2000" }));
        Assert.False(thresholds.IsRaised(key with { Limit = 2000m }));
        Assert.False(thresholds.IsRaised(key with { Unit = "GB" }));
        Assert.False(thresholds.IsRaised(key with { Percent = 100m }));

        // Many distinct credit limits (more than are shared) are each remembered exactly.
        for (var cents = 1; cents <= 120_000; cents++)
        {
            thresholds.MarkRaised(new ThresholdKey(ThresholdKind.CreditLimit, string.Empty, string.Empty, cents / 100m, "EUR", 100m));
        }

        Assert.True(thresholds.IsRaised(new ThresholdKey(ThresholdKind.CreditLimit, string.Empty, string.Empty, 1199.99m, "EUR", 100m)));
        Assert.False(thresholds.IsRaised(new ThresholdKey(ThresholdKind.CreditLimit, string.Empty, string.Empty, 1200.01m, "EUR", 100m)));
        Assert.True(thresholds.IsRaised(key));
    }
}
