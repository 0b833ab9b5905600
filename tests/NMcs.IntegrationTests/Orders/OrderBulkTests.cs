using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Storage.Orders;

namespace NMcs.IntegrationTests.Orders;

/// <summary>Bulk orders: per-item state, counts, cancellation while items are pending.</summary>
[Collection(OrderClusterGroup.Name)]
public sealed class OrderBulkTests(OrderClusterFixture fixture)
{
    [Fact]
    public async Task A_bulk_order_with_bad_items_runs_the_good_ones_and_keeps_each_items_state()
    {
        var customer = await fixture.NewCustomerAsync();
        var good = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            good.Add(await fixture.SimInAsync(SimStatus.ActivationReady, customer));
        }

        var (unregistered, _, _) = OrderClusterFixture.NewIdentifiers();
        var badLuhn = unregistered[..^1] + (char)('0' + ((unregistered[^1] - '0' + 1) % 10));
        var inventory = await fixture.SimInAsync(SimStatus.Inventory, customer);
        string[] iccids = [good[0], good[1], badLuhn, good[2], unregistered, good[3], inventory, good[4], good[0]];
        var request = new OrderRequest(
            "tester",
            iccids.Select((iccid, i) => new OrderItemRequest((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), OrderKind.Activate, iccid, OrderClusterFixture.ProductId)).ToList(),
            Bulk: true);

        var acknowledged = await fixture.Submission.SubmitAsync(request);
        var order = await fixture.Grains.GetGrain<IOrderGrain>(acknowledged.Id).Complete();

        Assert.Equal((OrderState.Partial, true, 9), (order.State, order.Bulk, order.ItemCount));
        Assert.Equal(5, order.Counts[OrderState.Completed]);
        Assert.Equal(4, order.Counts[OrderState.Failed]);
        Assert.Equal(
            [null, null, "INVALID_ICCID", null, "UNKNOWN_SIM", null, "ILLEGAL_TRANSITION", null, "DUPLICATE_ITEM"],
            order.Items.Select(i => i.ErrorCode));
        Assert.All(order.Items.Where(i => i.State == OrderState.Completed), i => Assert.Equal(SimStatus.Activated, i.SimStatusAfter));
        foreach (var iccid in good)
        {
            Assert.Equal(SimStatus.Activated, (await fixture.Grains.GetGrain<ISimGrain>(iccid).GetInfo())!.Status);
        }

        Assert.Equal(SimStatus.Inventory, (await fixture.Grains.GetGrain<ISimGrain>(inventory).GetInfo())!.Status);
        Assert.Contains("5 of 9 item(s) completed, 4 failed", order.Reason, StringComparison.Ordinal);

        // The index finds it by customer, by SIM and by state; failed items page by state.
        Assert.Contains(order.Id, (await fixture.Store.ListAsync(new OrderFilter(CustomerId: customer, State: "partial"), 50, null)).Select(r => r.OrderId));
        Assert.Contains(order.Id, (await fixture.Store.ListAsync(new OrderFilter(Iccid: good[3]), 50, null)).Select(r => r.OrderId));
        var failed = await fixture.Grains.GetGrain<IOrderGrain>(order.Id).GetItems(0, 10, OrderState.Failed);
        Assert.Equal(["3", "5", "7", "9"], failed.Select(i => i.Request.Id));
    }

    [Fact]
    public async Task More_than_ten_thousand_items_are_refused_before_anything_is_stored()
    {
        var before = (await fixture.Store.ListAsync(new OrderFilter(), 500, null)).Count;
        var (iccid, _, _) = OrderClusterFixture.NewIdentifiers();
        var items = Enumerable.Range(1, 10_001).Select(i => new OrderItemRequest(i.ToString(System.Globalization.CultureInfo.InvariantCulture), OrderKind.Suspend, iccid)).ToList();

        var error = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.SubmitAsync(new OrderRequest("tester", items, Bulk: true)));

        Assert.Equal(("INVALID_ORDER", "productOrderItem"), (error.Code, error.Field));
        Assert.Contains("10,000", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.Store.ListAsync(new OrderFilter(), 500, null)).Count);
    }

    [Fact]
    public async Task Cancelling_a_bulk_order_cancels_its_pending_items_and_leaves_their_sims_alone()
    {
        var customer = await fixture.NewCustomerAsync();
        var iccids = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            iccids.Add(await fixture.SimInAsync(SimStatus.ActivationReady, customer));
        }

        // Every network command takes 50 ms; four items run at a time, each with two creates.
        fixture.Gateway.StepDelay = TimeSpan.FromMilliseconds(50);
        try
        {
            var request = new OrderRequest("tester", iccids.Select((iccid, i) => new OrderItemRequest((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), OrderKind.Activate, iccid, OrderClusterFixture.ProductId)).ToList(), Bulk: true);
            var submitted = await fixture.Submission.SubmitAsync(request);
            var order = fixture.Grains.GetGrain<IOrderGrain>(submitted.Id);
            var cancelled = await fixture.Submission.CancelAsync(submitted.Id, "ops-1");
            Assert.Equal("ops-1", cancelled.CancelledBy);

            var final = await order.Complete();
            Assert.Contains(final.State, new[] { OrderState.Partial, OrderState.Cancelled });
            Assert.True(final.Counts.GetValueOrDefault(OrderState.Cancelled) > 0, "some items were still pending when the cancel came");
            Assert.Equal(24, final.Counts.GetValueOrDefault(OrderState.Completed) + final.Counts.GetValueOrDefault(OrderState.Cancelled));
            foreach (var item in final.Items)
            {
                var status = (await fixture.Grains.GetGrain<ISimGrain>(item.Request.Iccid).GetInfo())!.Status;
                Assert.Equal(item.State == OrderState.Completed ? SimStatus.Activated : SimStatus.ActivationReady, status);
            }

            var again = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.CancelAsync(submitted.Id, "ops-1"));
            Assert.Equal("ORDER_NOT_CANCELLABLE", again.Code);
        }
        finally
        {
            fixture.Gateway.StepDelay = TimeSpan.Zero;
        }
    }
}
