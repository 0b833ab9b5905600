using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Identifiers;
using NMcs.Rating.Thresholds;
using NMcs.Storage;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>
/// Rating partitions: an account always maps to the same partition, one ingest batch is rated for many accounts at
/// once with each account's pooled allowance consumed in time order, and a partition that already holds an account
/// rates by the account's latest subscriptions and limits after they change.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class RatingPartitionTests(ClusterFixture fixture)
{
    // Data 0.10 per MB after 10 MB pooled per account.
    private static readonly ProductOffering Pooled = new()
    {
        Id = "PART-POOL",
        Version = 0,
        Name = "Partition pooled data",
        ValidFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Currency = Currency.Eur,
        UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.10m }],
        Allowances = [new Allowance { Id = "pool", Name = "10 MB pooled", Service = "DATA", Quantity = 10m, Unit = "MB", Scope = AllowanceScope.Pooled }],
    };

    // Data 0.20 per MB, nothing included.
    private static readonly ProductOffering Plain = new()
    {
        Id = "PART-PLAIN",
        Version = 0,
        Name = "Partition plain data",
        ValidFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Currency = Currency.Eur,
        UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.20m }],
    };

    [Fact]
    public void An_account_maps_to_the_same_partition_everywhere_and_accounts_spread_evenly()
    {
        // FNV-1a of "ACME-PAYER" (UTF-16 code units, 32 bits) is 2,956,166,295; 2,956,166,295 mod 32 = 23.
        Assert.Equal(23, RatingPartitions.Of("ACME-PAYER"));

        // 10,000 payer ids over 32 partitions: 312.5 each on average; none gets under 250 or over 375 (±20 %).
        var counts = new int[RatingPartitions.Count];
        for (var i = 0; i < 10_000; i++)
        {
            counts[RatingPartitions.Of(GrainKeys.PayerAccountOf($"C{i:D5}"))]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 250, 375));
    }

    [Fact]
    public async Task One_batch_of_many_accounts_is_rated_per_account_in_time_order_and_changes_reach_the_partition()
    {
        // The collection's clock only moves forward: start where it is, at the next month's start if the three days
        // this test spans would cross a month end.
        var start = ClusterFixture.Clock.GetUtcNow();
        if (start.AddDays(3).Month != start.Month)
        {
            start = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            ClusterFixture.Clock.Set(start);
        }

        var pooled = await PublishAsync(Pooled);
        var plain = await PublishAsync(Plain);
        const int accounts = 8;
        var sims = new string[accounts, 2];
        for (var a = 0; a < accounts; a++)
        {
            await fixture.Grains.GetGrain<ICustomerGrain>($"PART{a}").Create($"Partition {a}", "EUR", "UTC");
            for (var s = 0; s < 2; s++)
            {
                var body = $"8949000000000{a:D2}9{s}0";
                var iccid = body + Luhn.CheckDigit(body);
                var sim = fixture.Grains.GetGrain<ISimGrain>(iccid);
                await sim.Register($"26201900{a:D2}9{s}001", $"49170{a:D2}9{s}0001");
                await sim.Assign($"PART{a}");
                await sim.Activate(pooled.Id, pooled.Version);
                sims[a, s] = iccid;
            }
        }

        var payers = Enumerable.Range(0, accounts).Select(a => GrainKeys.PayerAccountOf($"PART{a}")).ToList();
        Assert.True(payers.Select(RatingPartitions.Of).Distinct().Count() > 1, "the accounts should span several partitions");
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(1));

        // Per account four records of 4 MB, SIMs alternating, an hour apart; the batch holds them newest first and
        // the accounts interleaved, so only the partition's ordering puts each account's records in time order.
        var records = new List<UsageRecordIn>();
        for (var hour = 4; hour >= 1; hour--)
        {
            for (var a = 0; a < accounts; a++)
            {
                records.Add(Record(records.Count, $"part-{a}-{hour}", sims[a, hour % 2], 4m, start.AddHours(hour)));
            }
        }

        var ingest = fixture.Grains.GetGrain<IUsageIngestGrain>(0);
        var outcomes = (await ingest.Ingest(records)).ToDictionary(o => o.RecordId!);

        // Each account: hours 1 and 2 use 8 of the 10 pooled MB (0.00); hour 3 uses the last 2 MB and pays 2 MB x 0.10
        // = 0.20; hour 4 pays 4 MB x 0.10 = 0.40. The account's total is 0.60, whichever SIM used the pool.
        for (var a = 0; a < accounts; a++)
        {
            Assert.Equal(0m, outcomes[$"part-{a}-1"].Amount);
            Assert.Equal(0m, outcomes[$"part-{a}-2"].Amount);
            Assert.Equal(0.20m, outcomes[$"part-{a}-3"].Amount);
            Assert.Equal(0.40m, outcomes[$"part-{a}-4"].Amount);
            var charges = await fixture.Grains.GetGrain<IAccountGrain>(payers[a]).GetRealTimeCharges();
            Assert.Equal((4, 0.60m), (charges.RatedRecords, charges.UnbilledUsageAmount));
        }

        // Changes after the partition took the accounts on: account 0's first SIM moves to the plain tariff now,
        // account 1 gets a credit limit of 1.00, and account 2's first SIM a SIM charge limit of 0.50.
        await fixture.Grains.GetGrain<ISimGrain>(sims[0, 0]).ChangePlan(plain.Id, plain.Version, atNextCycle: false);
        await fixture.Grains.GetGrain<IAccountGrain>(payers[1]).SetCreditLimit(1.00m);
        await fixture.Grains.GetGrain<IAccountGrain>(payers[2]).SetSimChargeLimit(sims[2, 0], 0.50m);
        var changedAt = ClusterFixture.Clock.GetUtcNow();
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(1));

        var later = (await ingest.Ingest(
        [
            Record(0, "part-0-plain", sims[0, 0], 1m, changedAt.AddHours(1)),
            Record(1, "part-1-limit", sims[1, 0], 5m, changedAt.AddHours(1)),
            Record(2, "part-2-sim-limit", sims[2, 0], 1m, changedAt.AddHours(1)),
        ])).ToDictionary(o => o.RecordId!);

        // Account 0: 1 MB x 0.20 by the new plan (the old one would have charged 1 MB x 0.10 = 0.10).
        Assert.Equal((UsageOutcomeStatus.Rated, (decimal?)0.20m), (later["part-0-plain"].Status, later["part-0-plain"].Amount));

        // Account 1: 5 MB x 0.10 = 0.50, so 0.60 + 0.50 = 1.10 of usage charges reaches 100 % of the 1.00 limit.
        Assert.Equal(0.50m, later["part-1-limit"].Amount);
        var events = await new ThresholdEventStore(ClusterFixture.Database).ListAsync(accountId: payers[1], kind: ThresholdKind.CreditLimit);
        var full = Assert.Single(events, e => e.Percent == 100m);
        Assert.Equal(("part-1-limit", 1.00m, 1.10m), (full.RecordId, full.Limit, full.Value));

        // Account 2's first SIM had 0.40 before its limit was set (hour 4; hour 2 was in the pool). 1 MB x 0.10 = 0.10
        // takes it to 0.50: 80 % (0.40) and 100 % (0.50) of its limit, both counted from the charges rated before the
        // limit existed (the partition loads the cycle again for a SIM given a limit; it kept no per-SIM total before).
        Assert.Equal(0.10m, later["part-2-sim-limit"].Amount);
        var simEvents = await new ThresholdEventStore(ClusterFixture.Database).ListAsync(accountId: payers[2], kind: ThresholdKind.SimChargeLimit);
        Assert.Equal(
            [(80m, 0.40m, 0.50m, sims[2, 0], "part-2-sim-limit"), (100m, 0.50m, 0.50m, sims[2, 0], "part-2-sim-limit")],
            simEvents.OrderBy(e => e.Percent).Select(e => (e.Percent, e.Threshold, e.Value, e.Iccid, e.RecordId)));
    }

    private async Task<ProductOffering> PublishAsync(ProductOffering product)
    {
        var draft = await fixture.Catalog.SaveDraftAsync(product);
        return await fixture.Catalog.PublishAsync(draft.Id, draft.Version);
    }

    private static UsageRecordIn Record(int index, string id, string iccid, decimal megabytes, DateTimeOffset at) =>
        new(index, id, iccid, "DATA", megabytes, "MB", megabytes * 1_048_576m, at);
}
