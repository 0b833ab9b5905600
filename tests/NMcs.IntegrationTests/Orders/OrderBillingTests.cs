using Microsoft.Extensions.Logging.Abstractions;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.Orders;
using NMcs.Rating.Thresholds;
using NMcs.Storage;
using NMcs.Storage.Orders;

namespace NMcs.IntegrationTests.Orders;

/// <summary>Orders and money: the free test quota, a SIM swap in the middle of usage, and the credit-limit suspend.</summary>
[Collection(OrderClusterGroup.Name)]
public sealed class OrderBillingTests(OrderClusterFixture fixture)
{
    private const decimal Mb = 1_048_576m;

    [Fact]
    public async Task Test_usage_is_free_and_a_used_quota_moves_the_sim_to_activation_ready()
    {
        // Quota of the fixture: 1 MB, 3 SMS, 60 s. Two SMS leave it TEST_READY; the third uses the quota up.
        var customer = await fixture.NewCustomerAsync();
        var iccid = await fixture.SimInAsync(SimStatus.TestReady, customer);
        var sim = fixture.Grains.GetGrain<ISimGrain>(iccid);
        var ingest = fixture.Grains.GetGrain<IUsageIngestGrain>(0);
        var at = OrderClusterFixture.Clock.GetUtcNow();

        var first = await ingest.Ingest([Sms(0, "t-" + iccid + "-1", iccid, at), Sms(1, "t-" + iccid + "-2", iccid, at)]);
        Assert.All(first, o => Assert.Equal((UsageOutcomeStatus.Rated, 0m), (o.Status, o.Amount)));
        Assert.Equal((SimStatus.TestReady, 2m), ((await sim.GetInfo())!.Status, (await sim.GetProvisioning())!.TestSms));

        var repeated = await ingest.Ingest([Sms(0, "t-" + iccid + "-2", iccid, at)]);
        Assert.Equal(UsageOutcomeStatus.Duplicate, Assert.Single(repeated).Status);

        var second = await ingest.Ingest([Sms(0, "t-" + iccid + "-3", iccid, at), Sms(1, "t-" + iccid + "-4", iccid, at)]);
        Assert.Equal((UsageOutcomeStatus.Rated, UsageOutcomeStatus.Rejected), (second[0].Status, second[1].Status));
        Assert.Contains("test quota", second[1].Reason, StringComparison.Ordinal);

        var moved = await OrderClusterFixture.EventuallyAsync(() => sim.GetInfo(), s => s!.Status == SimStatus.ActivationReady);
        Assert.Equal((SimStatus.ActivationReady, customer), (moved!.Status, moved.CustomerId));
        var order = await fixture.Grains.GetGrain<IOrderGrain>(OrderItemRules.AfterTestOrderId(iccid)).Complete();
        Assert.Equal((OrderState.Completed, OrderItemRules.SystemSubmitter, OrderKind.Assign), (order.State, order.Submitter, order.Kind));
        Assert.Equal(order.Id, (await sim.GetProvisioning())!.LastOrderId);

        // Nothing reached the ledger: test usage is not charged.
        Assert.Empty(await new UsageLedger(OrderClusterFixture.Database).ForSimAsync(iccid, 10));
    }

    [Fact]
    public async Task A_sim_swap_mid_usage_keeps_each_records_charge_on_the_sim_that_used_it()
    {
        OrderClusterFixture.Clock.Set(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var customer = await fixture.NewCustomerAsync();
        var account = GrainKeys.PayerAccountOf(customer);
        var oldIccid = await fixture.SimInAsync(SimStatus.Activated, customer);
        var (newIccid, newImsi, _) = OrderClusterFixture.NewIdentifiers();
        var old = (await fixture.Grains.GetGrain<ISimGrain>(oldIccid).GetInfo())!;
        var ingest = fixture.Grains.GetGrain<IUsageIngestGrain>(0);

        // 5 June: 100 MB on the old SIM.
        OrderClusterFixture.Clock.Set(new DateTimeOffset(2026, 6, 9, 0, 0, 0, TimeSpan.Zero));
        var before = await ingest.Ingest([Data(0, "sw-1-" + oldIccid, oldIccid, 100, Day(5))]);
        Assert.Equal((UsageOutcomeStatus.Rated, 1.00m), (before[0].Status, before[0].Amount));

        // 10 June: the swap; the MSISDN stays, the new SIM takes the subscription.
        OrderClusterFixture.Clock.Set(Day(10));
        var swap = await fixture.RunAsync(new OrderItemRequest("1", OrderKind.SimSwap, oldIccid, NewIccid: newIccid, NewImsi: newImsi));
        Assert.Equal(OrderState.Completed, swap.State);
        var oldAfter = (await fixture.Grains.GetGrain<ISimGrain>(oldIccid).GetInfo())!;
        var newAfter = (await fixture.Grains.GetGrain<ISimGrain>(newIccid).GetInfo())!;
        Assert.Equal((SimStatus.Retired, Day(10)), (oldAfter.Status, oldAfter.Subscription!.EndedAt));
        Assert.Equal((SimStatus.Activated, old.Msisdn, newImsi, customer), (newAfter.Status, newAfter.Msisdn, newAfter.Imsi, newAfter.CustomerId));
        Assert.Equal(newIccid, await new SimDirectory(OrderClusterFixture.Database, OrderClusterFixture.Clock).ResolveAsync(old.Msisdn, "msisdn"));
        Assert.Equal(oldIccid, await new SimDirectory(OrderClusterFixture.Database, OrderClusterFixture.Clock).ResolveAsync(old.Imsi, "imsi"));
        Assert.Equal((newImsi, newImsi), (fixture.Gateway.Record("hlr-1", old.Msisdn)?.Imsi, fixture.Gateway.Record("hss-1", old.Msisdn)?.Imsi));

        // After the swap, in one batch: a record still reported under the old ICCID but used on 12 June (the new
        // SIM's), a late record of the old SIM from 8 June, the new SIM's own record of 15 June, and a record naming
        // the new SIM with a time before the swap (7 June), when it was not in service: refused.
        OrderClusterFixture.Clock.Set(Day(20));
        var after = await ingest.Ingest(
        [
            Data(0, "sw-2-" + oldIccid, oldIccid, 50, Day(12)),
            Data(1, "sw-3-" + oldIccid, oldIccid, 20, Day(8)),
            Data(2, "sw-4-" + oldIccid, newIccid, 30, Day(15)),
            Data(3, "sw-5-" + oldIccid, newIccid, 10, Day(7)),
        ]);
        Assert.Equal([(UsageOutcomeStatus.Rated, 0.50m), (UsageOutcomeStatus.Rated, 0.20m), (UsageOutcomeStatus.Rated, 0.30m), (UsageOutcomeStatus.Rejected, null)], after.Select(o => (o.Status, o.Amount)));
        var ledger = new UsageLedger(OrderClusterFixture.Database);
        Assert.Equal(["sw-2-" + oldIccid, "sw-4-" + oldIccid], (await ledger.ForSimAsync(newIccid, 10)).Select(r => r.RecordId).Order());
        Assert.Equal(["sw-1-" + oldIccid, "sw-3-" + oldIccid], (await ledger.ForSimAsync(oldIccid, 10)).Select(r => r.RecordId).Order());

        OrderClusterFixture.Clock.Set(new DateTimeOffset(2026, 7, 1, 0, 0, 1, TimeSpan.Zero));
        var invoice = await fixture.Grains.GetGrain<IBillingPeriodGrain>(GrainKeys.BillingPeriod(account, "2026-06")).Close();

        // By hand, at 0.01 EUR per MB with nothing included:
        //   old SIM: 100 MB (5 June) + 20 MB (8 June, late)        = 120 MB × 0.01 = 1.20
        //   new SIM: 50 MB (12 June, reported under the old ICCID) + 30 MB (15 June) = 80 MB × 0.01 = 0.80
        //   SIM swap fee (the product's SimSwap one-time charge), on the subscription now on the new SIM: 5.00
        //   no monthly fee; total 1.20 + 0.80 + 5.00 = 7.00
        var usage = invoice.Lines.Where(l => l.Kind == "UsageCharge").ToDictionary(l => l.Iccid, l => (l.Quantity, l.Amount));
        Assert.Equal((120m, 1.20m), usage[oldIccid]);
        Assert.Equal((80m, 0.80m), usage[newIccid]);
        var fee = Assert.Single(invoice.Lines, l => l.Kind == "OneTimeCharge");
        Assert.Equal((newIccid, 5.00m), (fee.Iccid, fee.Amount));
        Assert.Contains("SIM swap", fee.Description, StringComparison.Ordinal);
        Assert.Equal(7.00m, invoice.Total);
    }

    [Fact]
    public async Task A_credit_limit_event_suspends_the_accounts_sims_once_when_its_policy_says_so()
    {
        var on = await fixture.NewCustomerAsync();
        var off = await fixture.NewCustomerAsync();
        var onSim = await fixture.SimInAsync(SimStatus.Activated, on);
        var offSim = await fixture.SimInAsync(SimStatus.Activated, off);
        await fixture.Store.SetAutoSuspendOnCreditLimitAsync(GrainKeys.PayerAccountOf(on), true, "tester", OrderClusterFixture.Clock.GetUtcNow());
        foreach (var customer in new[] { on, off })
        {
            await fixture.Grains.GetGrain<IAccountGrain>(GrainKeys.PayerAccountOf(customer)).SetCreditLimit(1.00m);
        }

        // 100 MB at 0.01 = 1.00: the credit limit is reached on both accounts.
        var at = OrderClusterFixture.Clock.GetUtcNow();
        var ingest = fixture.Grains.GetGrain<IUsageIngestGrain>(0);
        await ingest.Ingest([Data(0, "cl-" + offSim, offSim, 100, at)]);
        await ingest.Ingest([Data(0, "cl-" + onSim, onSim, 100, at)]);

        var suspended = await OrderClusterFixture.EventuallyAsync(() => fixture.Grains.GetGrain<ISimGrain>(onSim).GetInfo(), s => s!.Status == SimStatus.Deactivated);
        Assert.Equal(SimStatus.Deactivated, suspended!.Status);
        var events = await new ThresholdEventStore(OrderClusterFixture.Database).ListAsync(accountId: GrainKeys.PayerAccountOf(on), kind: ThresholdKind.CreditLimit);
        var full = Assert.Single(events, e => e.Percent == 100m);
        var order = await fixture.Grains.GetGrain<IOrderGrain>(OrderItemRules.CreditLimitOrderId(full.EventId)).Complete();
        Assert.Equal((OrderState.Completed, OrderItemRules.SystemSubmitter, full.EventId, OrderKind.Suspend), (order.State, order.Submitter, order.ExternalId, order.Kind));

        // The same event again (a redelivery): the same order, nothing new.
        var sink = new CreditLimitSuspendSink(fixture.Grains, fixture.Store, NullLogger<CreditLimitSuspendSink>.Instance);
        await sink.OnThresholdEventsAsync(events, CancellationToken.None);
        var system = await fixture.Store.ListAsync(new OrderFilter(CustomerId: on, Submitter: OrderItemRules.SystemSubmitter), 10, null);
        Assert.Equal([order.Id], system.Select(r => r.OrderId));
        Assert.Equal(SimStatus.Deactivated, (await fixture.Grains.GetGrain<ISimGrain>(onSim).GetInfo())!.Status);

        // The account whose policy is off keeps its SIM active.
        Assert.Equal(SimStatus.Activated, (await fixture.Grains.GetGrain<ISimGrain>(offSim).GetInfo())!.Status);
        Assert.Empty(await fixture.Store.ListAsync(new OrderFilter(CustomerId: off, Submitter: OrderItemRules.SystemSubmitter), 10, null));
    }

    private static DateTimeOffset Day(int day) => new(2026, 6, day, 12, 0, 0, TimeSpan.Zero);

    private static UsageRecordIn Sms(int index, string id, string iccid, DateTimeOffset at) => new(index, id, iccid, "SMS", 1m, "MSG", 1m, at);

    private static UsageRecordIn Data(int index, string id, string iccid, decimal mb, DateTimeOffset at) => new(index, id, iccid, "DATA", mb, "MB", mb * Mb, at);
}
