using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Identifiers;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>The whole slice on a two-silo cluster: SIM to invoice, with one silo lost half-way.</summary>
[Collection(ClusterGroup.Name)]
public sealed class TwoSiloSliceTests(ClusterFixture fixture)
{
    // 3.00 per month, 1.50 on activation, data 0.10 per MB after 50 MB included per SIM.
    private static readonly ProductOffering Tariff = new()
    {
        Id = "M2M-50",
        Version = 0,
        Name = "M2M 50 MB",
        ValidFrom = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        Currency = Currency.Eur,
        RecurringCharges = [new RecurringCharge { Id = "monthly-fee", Name = "monthly fee", Price = 3.00m }],
        OneTimeCharges = [new OneTimeCharge { Id = "activation", Name = "activation", Price = 1.50m, Trigger = OneTimeTrigger.Activation }],
        UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.10m }],
        Allowances = [new Allowance { Id = "data-50", Name = "50 MB", Service = "DATA", Quantity = 50m, Unit = "MB" }],
    };

    [Fact]
    public async Task Usage_rated_on_two_silos_becomes_one_invoice_and_survives_losing_a_silo()
    {
        var draft = await fixture.Catalog.SaveDraftAsync(Tariff);
        var product = await fixture.Catalog.PublishAsync(draft.Id, draft.Version);
        await fixture.Grains.GetGrain<ICustomerGrain>("TWO").Create("Two Silo Logistics", "EUR", "UTC");

        // Ten SIMs, so their grains spread over both silos.
        var iccids = Enumerable.Range(0, 10).Select(i => Iccid("8949000000000000" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        for (var i = 0; i < iccids.Count; i++)
        {
            var sim = fixture.Grains.GetGrain<ISimGrain>(iccids[i]);
            await sim.Register("26201900000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), "49170900" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
            await sim.Assign("TWO");
            await sim.Activate(product.Id, product.Version);
        }

        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var ingest = fixture.Grains.GetGrain<IUsageIngestGrain>(0);

        // First batch: 40 MB per SIM, inside the 50 MB allowance: no charge yet.
        var first = await ingest.Ingest(iccids.Select((iccid, i) => Record(i, "a-" + i, iccid, 40m, day: 2)).ToList());
        Assert.All(first, o => Assert.Equal(UsageOutcomeStatus.Rated, o.Status));
        Assert.All(first, o => Assert.Equal(0m, o.Amount));

        // Lose the secondary silo; its SIM grains come back on the primary from storage and the ledger.
        await fixture.Cluster.StopSiloAsync(fixture.Cluster.SecondarySilos[0]);

        // Second batch: 25 MB per SIM. 10 MB remain in the allowance, 15 MB billable x 0.10 = 1.50 EUR per SIM.
        var second = await ingest.Ingest(iccids.Select((iccid, i) => Record(i, "b-" + i, iccid, 25m, day: 3)).ToList());
        Assert.All(second, o => Assert.Equal(1.50m, o.Amount));

        // The first batch again: all duplicates, nothing charged.
        var replay = await ingest.Ingest(iccids.Select((iccid, i) => Record(i, "a-" + i, iccid, 40m, day: 2)).ToList());
        Assert.All(replay, o => Assert.Equal(UsageOutcomeStatus.Duplicate, o.Status));

        var account = GrainKeys.PayerAccountOf("TWO");
        var charges = await fixture.Grains.GetGrain<IAccountGrain>(account).GetRealTimeCharges();
        Assert.Equal(20, charges.RatedRecords);
        Assert.Equal(15.00m, charges.UnbilledUsageAmount); // 10 SIMs x 1.50

        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var invoice = await fixture.Grains.GetGrain<IBillingPeriodGrain>(GrainKeys.BillingPeriod(account, "2026-03")).Close();

        // Per SIM: RC 3.00 for March + RC 3.00 for April (in advance) + OC 1.50 + UC 1.50 = 9.00; ten SIMs = 90.00.
        Assert.Equal(40, invoice.Lines.Count);
        Assert.Equal(90.00m, invoice.Total);
        Assert.Equal(invoice.Total, invoice.Lines.Sum(l => l.Amount));
        var again = await fixture.Grains.GetGrain<IBillingPeriodGrain>(GrainKeys.BillingPeriod(account, "2026-03")).Close();
        Assert.Equal(invoice.Number, again.Number);
        Assert.Equal(0, (await fixture.Grains.GetGrain<IAccountGrain>(account).GetRealTimeCharges()).RatedRecords);
    }

    private static UsageRecordIn Record(int index, string id, string iccid, decimal megabytes, int day) =>
        new(index, id, iccid, "DATA", megabytes, "MB", megabytes * 1_048_576m, new DateTimeOffset(2026, 3, day, 12, 0, 0, TimeSpan.Zero));

    private static string Iccid(string payload) => payload + Luhn.CheckDigit(payload);
}
