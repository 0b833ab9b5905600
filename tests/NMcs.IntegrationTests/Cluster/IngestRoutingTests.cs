using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Identifiers;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>
/// The ingest grain's routing: after a SIM's first batch its account is cached per silo and later batches go to the
/// account directly; duplicates are found for the whole batch at once; a SIM whose subscription has ended is left
/// by the account to its own grain, which still rates late records of the time it was active.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class IngestRoutingTests(ClusterFixture fixture)
{
    // Data 0.10 per MB, nothing included.
    private static readonly ProductOffering Tariff = new()
    {
        Id = "ROUTE-DATA",
        Version = 0,
        Name = "Routing data",
        ValidFrom = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Currency = Currency.Eur,
        UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.10m }],
    };

    [Fact]
    public async Task Cached_accounts_duplicates_and_a_terminated_sims_late_records_are_routed_right()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var draft = await fixture.Catalog.SaveDraftAsync(Tariff);
        var product = await fixture.Catalog.PublishAsync(draft.Id, draft.Version);
        await fixture.Grains.GetGrain<ICustomerGrain>("ROUTE").Create("Routing Metering", "EUR", "UTC");
        var iccid = "894900000000007700" + Luhn.CheckDigit("894900000000007700");
        var sim = fixture.Grains.GetGrain<ISimGrain>(iccid);
        await sim.Register("262019000077001", "4917090077001");
        await sim.Assign("ROUTE");
        await sim.Activate(product.Id, product.Version);
        var ingest = fixture.Grains.GetGrain<IUsageIngestGrain>(0);

        // First batch: the SIM grain names the account. 10 MB x 0.10 = 1.00.
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 5, 10, 0, 0, 0, TimeSpan.Zero));
        var first = await ingest.Ingest([Record(0, "route-1", iccid, 10m, day: 2)]);
        Assert.Equal((UsageOutcomeStatus.Rated, (decimal?)1.00m), (first[0].Status, first[0].Amount));

        // Second batch, straight to the cached account: the repeated id is a duplicate, the new one 2 MB = 0.20.
        var second = await ingest.Ingest([Record(0, "route-1", iccid, 10m, day: 2), Record(1, "route-2", iccid, 2m, day: 3)]);
        Assert.Equal([UsageOutcomeStatus.Duplicate, UsageOutcomeStatus.Rated], second.Select(o => o.Status));
        Assert.Equal(0.20m, second[1].Amount);

        // Terminated on 10 May: a late record of 5 May still rates (5 MB = 0.50), one of 11 May is refused.
        await sim.Terminate();
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 5, 12, 0, 0, 0, TimeSpan.Zero));
        var late = await ingest.Ingest([Record(0, "route-3", iccid, 5m, day: 5), Record(1, "route-4", iccid, 5m, day: 11)]);
        Assert.Equal((UsageOutcomeStatus.Rated, (decimal?)0.50m), (late[0].Status, late[0].Amount));
        Assert.Equal(UsageOutcomeStatus.Rejected, late[1].Status);
        Assert.Contains("ended", late[1].Reason, StringComparison.Ordinal);

        // 1.00 + 0.20 + 0.50 = 1.70 unbilled, three records.
        var charges = await fixture.Grains.GetGrain<IAccountGrain>(NMcs.Abstractions.GrainKeys.PayerAccountOf("ROUTE")).GetRealTimeCharges();
        Assert.Equal((3, 1.70m), (charges.RatedRecords, charges.UnbilledUsageAmount));
    }

    private static UsageRecordIn Record(int index, string id, string iccid, decimal megabytes, int day) =>
        new(index, id, iccid, "DATA", megabytes, "MB", megabytes * 1_048_576m, new DateTimeOffset(2026, 5, day, 12, 0, 0, TimeSpan.Zero));
}
