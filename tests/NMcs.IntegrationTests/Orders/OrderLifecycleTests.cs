using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.Orders;
using NMcs.Storage.Orders;

namespace NMcs.IntegrationTests.Orders;

/// <summary>The lifecycle table, refusals that change nothing, idempotency and the network steps of single orders.</summary>
[Collection(OrderClusterGroup.Name)]
public sealed class OrderLifecycleTests(OrderClusterFixture fixture)
{
    [Fact]
    public async Task Every_illegal_transition_is_refused_with_a_clear_error_and_changes_nothing()
    {
        var customer = await fixture.NewCustomerAsync();
        var refused = 0;
        foreach (var status in new[] { SimStatus.Inventory, SimStatus.TestReady, SimStatus.ActivationReady, SimStatus.Activated, SimStatus.Deactivated, SimStatus.Retired, SimStatus.Purged })
        {
            var iccid = await fixture.SimInAsync(status, customer);
            var sim = fixture.Grains.GetGrain<ISimGrain>(iccid);
            var before = await SnapshotAsync(sim);
            foreach (var kind in Enum.GetValues<OrderKind>().Where(k => SimLifecycle.Find(status, k) is null))
            {
                var error = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.SubmitAsync(new OrderRequest("tester", [ValidItem(kind, iccid, customer)])));
                Assert.Equal(("ILLEGAL_TRANSITION", "iccid"), (error.Code, error.Field));
                Assert.Contains($"is {SimLifecycle.ApiName(status)}", error.Message, StringComparison.Ordinal);
                Assert.Contains("allowed only from", error.Message, StringComparison.Ordinal);
                Assert.Equal(before, await SnapshotAsync(sim));
                refused++;
            }
        }

        // 7 states × 11 kinds = 77 pairs, of which the table allows 21.
        Assert.Equal(77 - SimLifecycle.Transitions.Count, refused);
        Assert.Empty(await fixture.Store.ListAsync(new OrderFilter(CustomerId: customer, State: "failed"), 10, null));
    }

    [Fact]
    public async Task Bad_iccid_unknown_sim_and_unknown_msisdn_are_refused_and_store_no_order()
    {
        var customer = await fixture.NewCustomerAsync();
        var before = await fixture.Store.ListAsync(new OrderFilter(), 500, null);
        var (unregistered, _, _) = OrderClusterFixture.NewIdentifiers();
        var badLuhn = unregistered[..^1] + (char)('0' + ((unregistered[^1] - '0' + 1) % 10));

        var luhn = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.SubmitAsync(new OrderRequest("tester", [new OrderItemRequest("1", OrderKind.Assign, badLuhn, CustomerId: customer)])));
        Assert.Equal(("INVALID_ICCID", "iccid"), (luhn.Code, luhn.Field));
        Assert.Contains("Luhn", luhn.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.SubmitAsync(new OrderRequest("tester", [new OrderItemRequest("1", OrderKind.Assign, unregistered, CustomerId: customer)])));
        Assert.Equal(("UNKNOWN_SIM", "iccid"), (unknown.Code, unknown.Field));

        var msisdn = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.ResolveIccidAsync(null, "491779999999999"));
        Assert.Equal(("UNKNOWN_MSISDN", "msisdn"), (msisdn.Code, msisdn.Field));

        var inventory = await fixture.SimInAsync(SimStatus.Inventory, customer);
        var missing = await Assert.ThrowsAsync<DomainException>(() => fixture.Submission.SubmitAsync(new OrderRequest("tester", [new OrderItemRequest("1", OrderKind.Assign, inventory)])));
        Assert.Equal(("INVALID_ORDER", "customerId"), (missing.Code, missing.Field));

        Assert.Equal(before.Count, (await fixture.Store.ListAsync(new OrderFilter(), 500, null)).Count);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_same_order_and_other_items_under_it_are_refused()
    {
        var customer = await fixture.NewCustomerAsync();
        var iccid = await fixture.SimInAsync(SimStatus.ActivationReady, customer);
        var item = new OrderItemRequest("1", OrderKind.Activate, iccid, OrderClusterFixture.ProductId);
        var key = "key-" + iccid;

        var first = await fixture.RunAsync(item, key);
        var again = await fixture.RunAsync(item, key);
        var conflict = await Assert.ThrowsAsync<DomainException>(() => fixture.RunAsync(item with { ProductVersion = 1 }, key));
        var withoutKey = await Assert.ThrowsAsync<DomainException>(() => fixture.RunAsync(item));

        Assert.Equal(OrderState.Completed, first.State);
        Assert.Equal((first.Id, OrderState.Completed), (again.Id, again.State));
        Assert.Equal(("IDEMPOTENCY_CONFLICT", "idempotencyKey"), (conflict.Code, conflict.Field));
        Assert.Contains(first.Id, conflict.Message, StringComparison.Ordinal);
        Assert.Equal("ILLEGAL_TRANSITION", withoutKey.Code);

        // One subscription, one create per subscriber element: the repeats changed nothing.
        var account = await fixture.Grains.GetGrain<IAccountGrain>(NMcs.Abstractions.GrainKeys.PayerAccountOf(customer)).GetInfo();
        Assert.Single(account!.Subscriptions);
        var msisdn = (await fixture.Grains.GetGrain<ISimGrain>(iccid).GetInfo())!.Msisdn;
        Assert.Equal(2, fixture.Gateway.Log.Count(l => l.Command.Msisdn == msisdn && l.Command.Action == NMcs.Provisioning.Contracts.SubscriberAction.Create));

        // Another submitter may use the same key for its own order.
        var other = await fixture.Submission.SubmitAndWaitAsync(new OrderRequest("other", [new OrderItemRequest("1", OrderKind.Suspend, iccid)], key));
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(OrderState.Completed, other.State);
    }

    [Fact]
    public async Task Orders_run_network_steps_by_role_and_a_refused_step_leaves_the_sim_unchanged()
    {
        var customer = await fixture.NewCustomerAsync();
        var iccid = await fixture.SimInAsync(SimStatus.Activated, customer);
        var sim = fixture.Grains.GetGrain<ISimGrain>(iccid);
        var info = (await sim.GetInfo())!;
        Assert.Equal((info.Imsi, false), (fixture.Gateway.Record("hlr-1", info.Msisdn)?.Imsi, fixture.Gateway.Record("hss-1", info.Msisdn)?.Barred));

        var apn = await fixture.RunAsync(new OrderItemRequest("1", OrderKind.AssignApn, iccid, Apn: "IoT.Example.com"));
        Assert.Equal((OrderState.Completed, 1), (apn.State, apn.Items[0].NetworkSteps));
        Assert.Equal("iot.example.com", fixture.Gateway.Record("pgw-1", info.Msisdn)?.Apn);
        Assert.Equal("iot.example.com", (await sim.GetProvisioning())!.Apn);

        // hss-1 refuses the bar: hlr-1 is unbarred again and the SIM stays ACTIVATED.
        fixture.Gateway.Reject = (element, command) => element == "hss-1" && command.Msisdn == info.Msisdn && command.Barred == true;
        try
        {
            var failed = await fixture.RunAsync(new OrderItemRequest("1", OrderKind.Suspend, iccid));
            Assert.Equal((OrderState.Failed, "NE_REJECTED"), (failed.State, failed.Items[0].ErrorCode));
            Assert.Contains("hss-1", failed.Reason, StringComparison.Ordinal);
            Assert.Equal(SimStatus.Activated, (await sim.GetInfo())!.Status);
            Assert.Equal(false, fixture.Gateway.Record("hlr-1", info.Msisdn)?.Barred);

            // The undo fails as well: the elements disagree and the order is partial, flagged for an operator.
            fixture.Gateway.Reject = (element, command) => command.Msisdn == info.Msisdn && ((element == "hss-1" && command.Barred == true) || (element == "hlr-1" && command.Barred == false));
            var partial = await fixture.RunAsync(new OrderItemRequest("1", OrderKind.Suspend, iccid));
            Assert.Equal((OrderState.Partial, OrderState.Partial, true), (partial.State, partial.Items[0].State, partial.Items[0].NeedsOperator));
            Assert.Equal(SimStatus.Activated, (await sim.GetInfo())!.Status);
            Assert.Contains(partial.Id, (await fixture.Store.ListAsync(new OrderFilter(State: "partial"), 100, null)).Select(r => r.OrderId));
        }
        finally
        {
            fixture.Gateway.Reject = (_, _) => false;
        }
    }

    [Fact]
    public async Task A_swap_to_an_inventory_sim_takes_its_imsi_and_releases_its_own_msisdn()
    {
        var customer = await fixture.NewCustomerAsync();
        var oldIccid = await fixture.SimInAsync(SimStatus.Deactivated, customer);
        var spareIccid = await fixture.SimInAsync(SimStatus.Inventory, customer);
        var old = (await fixture.Grains.GetGrain<ISimGrain>(oldIccid).GetInfo())!;
        var spare = (await fixture.Grains.GetGrain<ISimGrain>(spareIccid).GetInfo())!;

        var swap = await fixture.RunAsync(new OrderItemRequest("1", OrderKind.SimSwap, oldIccid, NewIccid: spareIccid));

        Assert.Equal(OrderState.Completed, swap.State);
        var swapped = (await fixture.Grains.GetGrain<ISimGrain>(spareIccid).GetInfo())!;
        Assert.Equal((SimStatus.Deactivated, old.Msisdn, spare.Imsi, customer), (swapped.Status, swapped.Msisdn, swapped.Imsi, swapped.CustomerId));
        Assert.Equal(old.Subscription!.Id, swapped.Subscription!.Id);
        Assert.Equal(SimStatus.Retired, (await fixture.Grains.GetGrain<ISimGrain>(oldIccid).GetInfo())!.Status);
        Assert.Equal((spare.Imsi, true), (fixture.Gateway.Record("hlr-1", old.Msisdn)?.Imsi, fixture.Gateway.Record("hlr-1", old.Msisdn)?.Barred));
        var directory = new NMcs.Storage.SimDirectory(OrderClusterFixture.Database, OrderClusterFixture.Clock);
        Assert.Equal(spareIccid, await directory.ResolveAsync(old.Msisdn, "msisdn"));
        Assert.Null(await directory.ResolveAsync(spare.Msisdn, "msisdn"));
        var network = (await fixture.Grains.GetGrain<ISimGrain>(spareIccid).GetProvisioning())!;
        Assert.Equal((oldIccid, swap.Id), (network.SwappedFromIccid, network.LastOrderId));
    }

    [Fact]
    public async Task Every_stored_change_of_an_order_its_item_and_the_sim_is_published()
    {
        var customer = await fixture.NewCustomerAsync();
        var iccid = await fixture.SimInAsync(SimStatus.ActivationReady, customer);
        var silo = fixture.Cluster.Silos.OfType<Orleans.TestingHost.InProcessSiloHandle>().First();
        var source = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<NMcs.Grains.Provisioning.IProvisioningEventSource>(silo.ServiceProvider);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<ProvisioningEvent>();
        var subscribed = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            var stream = source.SubscribeAsync(stop.Token).GetAsyncEnumerator(stop.Token);
            var next = stream.MoveNextAsync();
            subscribed.SetResult();
            while (await next)
            {
                if (stream.Current.Iccid == iccid || stream.Current.OrderId is { } id && seen.Any(e => e.OrderId == id))
                {
                    seen.Add(stream.Current);
                    if (stream.Current is { Kind: ProvisioningEventKind.OrderState, State: "completed" })
                    {
                        break;
                    }
                }

                next = stream.MoveNextAsync();
            }
        });
        await subscribed.Task;
        await Task.Delay(100);

        var order = await fixture.RunAsync(new OrderItemRequest("1", OrderKind.Activate, iccid, OrderClusterFixture.ProductId));
        await reading.WaitAsync(stop.Token);

        Assert.Equal(
            [
                (ProvisioningEventKind.OrderState, "acknowledged"),
                (ProvisioningEventKind.OrderState, "inProgress"),
                (ProvisioningEventKind.OrderItemState, "inProgress"),
                (ProvisioningEventKind.SimState, "ACTIVATED"),
                (ProvisioningEventKind.OrderItemState, "completed"),
                (ProvisioningEventKind.OrderState, "completed"),
            ],
            seen.Select(e => (e.Kind, e.State)));
        Assert.All(seen, e => Assert.Equal((order.Id, customer), (e.OrderId, e.CustomerId)));
        Assert.Equal("ACTIVATION_READY", seen.Single(e => e.Kind == ProvisioningEventKind.SimState).PreviousState);
    }

    private static OrderItemRequest ValidItem(OrderKind kind, string iccid, string customer) => kind switch
    {
        OrderKind.Activate or OrderKind.ChangePlan => new OrderItemRequest("1", kind, iccid, OrderClusterFixture.ProductId),
        OrderKind.Assign or OrderKind.StartTest => new OrderItemRequest("1", kind, iccid, CustomerId: customer),
        OrderKind.SimSwap => new OrderItemRequest("1", kind, iccid, NewIccid: OrderClusterFixture.NewIdentifiers().Iccid, NewImsi: OrderClusterFixture.NewIdentifiers().Imsi),
        OrderKind.AssignApn => new OrderItemRequest("1", kind, iccid, Apn: "iot.test"),
        OrderKind.AssignFixedIp => new OrderItemRequest("1", kind, iccid, FixedIp: "10.0.0.1"),
        _ => new OrderItemRequest("1", kind, iccid),
    };

    private static async Task<string> SnapshotAsync(ISimGrain sim)
    {
        var info = (await sim.GetInfo())!;
        var network = (await sim.GetProvisioning())!;
        return $"{info.Status}|{info.CustomerId}|{info.Subscription?.Id}|{info.Subscription?.EndedAt}|{info.Subscription?.Suspensions?.Count}|{network.LastOrderId}|{network.Apn}|{network.FixedIp}";
    }
}
