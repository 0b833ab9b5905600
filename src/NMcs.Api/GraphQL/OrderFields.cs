using System.Globalization;
using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Api.GraphQL.Types;
using NMcs.Grains.Orders;
using NMcs.Identifiers;
using NMcs.Storage.Orders;

namespace NMcs.Api.GraphQL;

/// <summary>
/// Orders (TMF622-shaped): submitOrder, submitBulkOrder, cancelOrder, order, orders, simTransitions, the account's
/// order policy, and the SIM fields the portals need. The SIM mutations (activateSim, suspendSim, …) run through
/// <see cref="RunSimOrderAsync"/>, so every SIM change is an order.
/// </summary>
internal static class OrderFields
{
    /// <summary>Adds the mutations.</summary>
    public static void RegisterMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<OrderType>>("submitOrder")
            .Description("Submits an order (TMF622 ProductOrder). Checked completely first: a bad ICCID, an unknown SIM or MSISDN, or a move the SIM's state does not allow refuses the whole order and nothing changes. Returns it acknowledged (or final, with wait: true).")
            .Argument<NonNullGraphType<OrderInputType>>("input")
            .Argument<BooleanGraphType>("wait", a =>
            {
                a.Description = "true: answer once the order is final (for small orders).";
                a.DefaultValue = false;
            })
            .ResolveAsync(async c =>
            {
                var input = InputReader.Object(c.GetArgument<object>("input"));
                var submission = c.Service<OrderSubmission>();
                var items = new List<OrderItemRequest>();
                var position = 0;
                foreach (var item in InputReader.List(input, "productOrderItem"))
                {
                    position++;
                    items.Add(await ItemAsync(item, position, submission, c.CancellationToken));
                }

                var request = new OrderRequest(
                    c.Actor(),
                    items,
                    InputReader.String(input, "idempotencyKey"),
                    InputReader.String(input, "externalId"),
                    input.TryGetValue("requestedCompletionDate", out var date) ? date as DateTimeOffset? : null,
                    InputReader.String(input, "description"));
                return c.GetArgument<bool>("wait")
                    ? await submission.SubmitAndWaitAsync(request, c.CancellationToken)
                    : await submission.SubmitAsync(request, c.CancellationToken);
            });
        mutation.Field<NonNullGraphType<OrderType>>("submitBulkOrder")
            .Description("Submits one kind for up to 10,000 SIMs. Each SIM is an item with its own state: a bad ICCID or a SIM in the wrong state fails alone; items run a few at a time and can be cancelled while pending.")
            .Argument<NonNullGraphType<OrderBulkInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = InputReader.Object(c.GetArgument<object>("input"));
                var kind = input.TryGetValue("kind", out var k) && k is OrderKind parsed ? parsed : throw new DomainException("INVALID_ORDER", "kind", "give the kind of the bulk order.");
                if (kind is OrderKind.SimSwap or OrderKind.AssignFixedIp)
                {
                    throw new DomainException("INVALID_ORDER", "kind", $"{SimLifecycle.ApiName(kind)} needs a value per SIM; submit it with submitOrder, one item per SIM.");
                }

                var iccids = input.TryGetValue("iccids", out var list) && list is System.Collections.IEnumerable values
                    ? values.Cast<object?>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).ToList()
                    : [];
                var items = iccids.Select((iccid, i) => new OrderItemRequest(
                        (i + 1).ToString(CultureInfo.InvariantCulture),
                        kind,
                        iccid,
                        InputReader.String(input, "productId"),
                        input.TryGetValue("productVersion", out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null,
                        input.TryGetValue("atNextCycle", out var next) && next is true,
                        Apn: InputReader.String(input, "apn"),
                        CustomerId: InputReader.String(input, "customerId"),
                        AccountId: InputReader.String(input, "accountId")))
                    .ToList();
                return await c.Service<OrderSubmission>().SubmitAsync(
                    new OrderRequest(c.Actor(), items, InputReader.String(input, "idempotencyKey"), InputReader.String(input, "externalId"), null, InputReader.String(input, "description"), Bulk: true),
                    c.CancellationToken);
            });
        mutation.Field<NonNullGraphType<OrderType>>("cancelOrder")
            .Description("Cancels an order's pending items (items already running finish). Refused (ORDER_NOT_CANCELLABLE) when no item is pending.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<OrderSubmission>().CancelAsync(c.GetArgument<string>("id"), c.Actor()));
        mutation.Field<NonNullGraphType<OrderPolicyType>>("setOrderPolicy")
            .Description("Sets what orders the platform raises for an account by itself: autoSuspendOnCreditLimit (off by default) suspends the account's ACTIVATED SIMs when its credit limit is reached.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .Argument<NonNullGraphType<BooleanGraphType>>("autoSuspendOnCreditLimit")
            .ResolveAsync(async c =>
            {
                var accountId = c.GetArgument<string>("accountId");
                _ = await c.Grains().GetGrain<IAccountGrain>(accountId).GetInfo()
                    ?? throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' does not exist; create the customer or open the account first.");
                var enabled = c.GetArgument<bool>("autoSuspendOnCreditLimit");
                await c.Service<OrderStore>().SetAutoSuspendOnCreditLimitAsync(accountId, enabled, c.Actor(), c.Clock().GetUtcNow(), c.CancellationToken);
                return new OrderPolicy(accountId, enabled);
            });
    }

    /// <summary>Adds the queries.</summary>
    public static void RegisterQueries(ObjectGraphType query)
    {
        query.Field<OrderType>("order")
            .Description("An order with its items, or null.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Order(c, c.GetArgument<string>("id")).GetInfo());
        query.Field<NonNullGraphType<OrderConnectionType>>("orders")
            .Description("Orders, newest first, optionally of one customer, SIM, state, kind or submitter; page with after = endCursor.")
            .Argument<OrderFilterInputType>("filter")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var filter = InputReader.Object(c.GetArgument<object?>("filter"));
                var iccid = InputReader.String(filter, "iccid");
                var first = Paging.First(c);
                var rows = await c.Service<OrderStore>().ListAsync(
                    new OrderFilter(
                        InputReader.String(filter, "customerId"),
                        iccid is null ? null : SimIdentifiers.ValidateIccid(iccid),
                        filter.TryGetValue("state", out var s) && s is OrderState state ? SimLifecycle.ApiName(state) : null,
                        filter.TryGetValue("kind", out var k) && k is OrderKind kind ? SimLifecycle.ApiName(kind) : null,
                        InputReader.String(filter, "submitter")),
                    first + 1,
                    c.GetArgument<string?>("after"),
                    c.CancellationToken);
                var page = rows.Take(first).ToList();
                var orders = await Task.WhenAll(page.Select(r => Order(c, r.OrderId).GetInfo()));
                return new OrderPage([.. orders.OfType<OrderInfo>()], page.Count == 0 ? null : OrderStore.Cursor(page[^1]), rows.Count > first);
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderSimTransitionType>>>>("simTransitions")
            .Description("The SIM lifecycle: every allowed move (from state, order kind, to state). Anything else is refused with ILLEGAL_TRANSITION.")
            .Resolve(_ => SimLifecycle.Transitions);
        query.Field<NonNullGraphType<OrderPolicyType>>("orderPolicy")
            .Description("An account's order policy.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .ResolveAsync(async c =>
            {
                var accountId = c.GetArgument<string>("accountId");
                return new OrderPolicy(accountId, await c.Service<OrderStore>().AutoSuspendOnCreditLimitAsync(accountId, c.CancellationToken));
            });
    }

    /// <summary>Adds the fields of a SIM's provisioning (network settings, test quota, swaps, orders) to the Sim type.</summary>
    public static void RegisterSimFields(ObjectGraphType<SimInfo> sim)
    {
        sim.Field<StringGraphType>("apn").Description("The access point name assigned by an assignApn order.").ResolveAsync(async c => (await Provisioning(c))?.Apn);
        sim.Field<StringGraphType>("fixedIp").Description("The fixed IP address assigned by an assignFixedIp order.").ResolveAsync(async c => (await Provisioning(c))?.FixedIp);
        sim.Field<DateTimeOffsetGraphType>("statusChangedAt").Description("When the lifecycle state last changed.").ResolveAsync(async c => (await Provisioning(c))?.StatusChangedAt);
        sim.Field<IdGraphType>("lastOrderId").Description("The order that last changed the SIM.").ResolveAsync(async c => (await Provisioning(c))?.LastOrderId);
        sim.Field<NonNullGraphType<DecimalGraphType>>("testDataBytes").Description("Data used in TEST_READY (free), in bytes.").ResolveAsync(async c => (await Provisioning(c))?.TestDataBytes ?? 0m);
        sim.Field<NonNullGraphType<DecimalGraphType>>("testSms").Description("SMS used in TEST_READY (free).").ResolveAsync(async c => (await Provisioning(c))?.TestSms ?? 0m);
        sim.Field<NonNullGraphType<DecimalGraphType>>("testVoiceSeconds").Description("Voice seconds used in TEST_READY (free).").ResolveAsync(async c => (await Provisioning(c))?.TestVoiceSeconds ?? 0m);
        sim.Field<StringGraphType>("swappedFromIccid").Description("The SIM this one replaced in a SIM swap.").ResolveAsync(async c => (await Provisioning(c))?.SwappedFromIccid);
        sim.Field<StringGraphType>("swappedToIccid").Description("The SIM that replaced this one.").ResolveAsync(async c => (await Provisioning(c))?.SwappedToIccid);
        sim.Field<DateTimeOffsetGraphType>("swappedAt").Description("When the swap took effect: usage from then on is the new SIM's.").ResolveAsync(async c => (await Provisioning(c))?.SwappedAt);
        sim.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderKindGraphType>>>>("allowedOrders")
            .Description("The order kinds the SIM's state allows now (from simTransitions).")
            .Resolve(c => SimLifecycle.Transitions.Where(t => t.From == c.Source.Status).Select(t => t.Kind).Distinct().ToList());
        sim.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderType>>>>("orders")
            .Description("Orders with an item on this SIM, newest first.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .ResolveAsync(async c =>
            {
                var rows = await c.Service<OrderStore>().ListAsync(new OrderFilter(Iccid: c.Source.Iccid), Paging.First(c), null, c.CancellationToken);
                var orders = await Task.WhenAll(rows.Select(r => c.Grains().GetGrain<IOrderGrain>(r.OrderId).GetInfo()));
                return orders.OfType<OrderInfo>().ToList();
            });
    }

    /// <summary>
    /// Runs a SIM mutation as a one-item order and waits for it: the SIM mutations keep their names and answers, and
    /// refuse with the item's error when it fails.
    /// </summary>
    public static Task<SimInfo> RunSimOrderAsync(IResolveFieldContext c, OrderItemRequest item) =>
        c.Service<OrderSubmission>().RunSimOrderAsync(c.Actor(), item, c.CancellationToken);

    private static async Task<OrderItemRequest> ItemAsync(IDictionary<string, object?> item, int position, OrderSubmission submission, CancellationToken cancellationToken)
    {
        var kind = item.TryGetValue("kind", out var k) && k is OrderKind parsed ? parsed : throw new DomainException("INVALID_ORDER", "kind", $"item {position} has no kind.");
        if (item.TryGetValue("action", out var a) && a is OrderItemAction action && action != SimLifecycle.ActionOf(kind))
        {
            throw new DomainException("INVALID_ORDER", "action", $"item {position}: {SimLifecycle.ApiName(kind)} is TMF622 action {OrderItemActionGraphType.ApiName(SimLifecycle.ActionOf(kind))}, not {OrderItemActionGraphType.ApiName(action)}; leave action out or correct it.");
        }

        var iccid = await submission.ResolveIccidAsync(InputReader.String(item, "iccid"), InputReader.String(item, "msisdn"), cancellationToken);
        return new OrderItemRequest(
            InputReader.String(item, "id") ?? position.ToString(CultureInfo.InvariantCulture),
            kind,
            iccid,
            InputReader.String(item, "productId"),
            item.TryGetValue("productVersion", out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null,
            item.TryGetValue("atNextCycle", out var next) && next is true,
            InputReader.String(item, "newIccid"),
            InputReader.String(item, "newImsi"),
            InputReader.String(item, "apn"),
            item.TryGetValue("fixedIp", out var ip) ? ip as string : null,
            InputReader.String(item, "customerId"),
            InputReader.String(item, "accountId"));
    }

    private static IOrderGrain Order(IResolveFieldContext c, string id) => c.Grains().GetGrain<IOrderGrain>(id);

    private static Task<SimProvisioningInfo?> Provisioning(IResolveFieldContext<SimInfo> c) =>
        c.Grains().GetGrain<ISimGrain>(c.Source.Iccid).GetProvisioning();
}
