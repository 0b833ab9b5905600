using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.Provisioning;
using NMcs.Grains.State;
using NMcs.Provisioning.Contracts;
using NMcs.Storage.Orders;

namespace NMcs.Grains.Orders;

/// <summary>
/// An order: runs its items through network steps (<see cref="OrderNetworkPlan"/>, fanned out by the provisioning
/// gateway with compensation) and then the SIM change (<see cref="ISimGrain.ApplyOrderItem"/>). Items run in chunks,
/// at most <see cref="SimLifecycleOptions.OrderConcurrency"/> at once; the state is stored before each step of a chunk
/// (network started, network done, final), so an order resumed after a crash continues at the step it reached, checks
/// on the elements which commands are in effect already, and lets the SIM skip an item it applied before. Every state
/// change of the order and its items is published as a <see cref="ProvisioningEvent"/> once stored.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order", NMcsStorage.Name)] IPersistentState<OrderGrainState> state,
    OrderStore store,
    SimLifecycleOptions options,
    IProvisioningEventPublisher events,
    IServiceProvider services,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    // Writes come from the run and from an interleaved cancel; the storage's etag needs them one at a time. The grain
    // runs on one thread, so chaining each save after the one before is enough.
    private Task _lastSave = Task.CompletedTask;

    // The index row as last written by this activation: a save that changes nothing the index shows skips it.
    private OrderIndexRow? _indexed;
    private readonly IProvisioningGateway? _gateway = services.GetService<IProvisioningGateway>();
    private IGrainTimer? _timer;
    private bool _running;

    private string OrderId => this.GetPrimaryKeyString();

    private OrderRequest Request => state.State.Request!;

    /// <inheritdoc />
    public async Task<OrderInfo> Submit(OrderRequest request, string payloadHash, IReadOnlyList<string?>? customers = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.RecordExists && state.State.Request is not null)
        {
            if (state.State.PayloadHash != payloadHash)
            {
                throw new DomainException("IDEMPOTENCY_CONFLICT", "idempotencyKey", $"order {OrderId} was submitted with other items; use a new idempotency key for a different order (409).");
            }

            StartRun();
            return Describe(includeItems: false);
        }

        if (request.Items.Count is 0 or > OrderItemRules.MaxItems)
        {
            throw new DomainException("INVALID_ORDER", "productOrderItem", $"an order has 1 to {OrderItemRules.MaxItems:N0} items; this one has {request.Items.Count:N0}. Split it.");
        }

        var now = clock.GetUtcNow();
        var items = new List<OrderItemRequest>(request.Items.Count);
        var progress = new List<OrderItemProgress>(request.Items.Count);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenSims = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in request.Items)
        {
            var p = new OrderItemProgress();
            var checkedItem = item;
            try
            {
                checkedItem = OrderItemRules.Validate(item);
                if (!seenIds.Add(item.Id))
                {
                    throw new DomainException("DUPLICATE_ITEM", "productOrderItem.id", $"item id '{item.Id}' appears twice in the order; give every item its own id.");
                }

                if (!seenSims.Add(checkedItem.Iccid))
                {
                    throw new DomainException("DUPLICATE_ITEM", "iccid", $"iccid {checkedItem.Iccid} appears in an earlier item of this order; one item per SIM.");
                }
            }
            catch (DomainException e)
            {
                Fail(p, e, now);
            }

            items.Add(checkedItem);
            progress.Add(p);
        }

        if (customers is not null && customers.Count == items.Count)
        {
            // The submitter read the SIMs a moment ago (OrderSubmission checks every item of a single order).
            for (var i = 0; i < items.Count; i++)
            {
                progress[i].CustomerId = customers[i] ?? items[i].CustomerId;
            }
        }
        else if (items.Count <= 100)
        {
            // Small orders name their customer from the start, for subscribers filtering the events per customer.
            var sims = await Task.WhenAll(items.Select((item, i) => progress[i].State == OrderState.Acknowledged ? GrainFactory.GetGrain<ISimGrain>(item.Iccid).GetInfo() : Task.FromResult<SimInfo?>(null)));
            for (var i = 0; i < items.Count; i++)
            {
                progress[i].CustomerId = sims[i]?.CustomerId ?? items[i].CustomerId;
            }
        }

        state.State = new OrderGrainState
        {
            Request = request with { Items = items },
            PayloadHash = payloadHash,
            State = OrderState.Acknowledged,
            CreatedAt = now,
            UpdatedAt = now,
            Items = progress,
        };
        await SaveAsync(items.Select(i => i.Iccid).ToList());
        Publish(OrderState.Acknowledged, null, Request.Description);
        StartRun();
        return Describe(includeItems: false);
    }

    /// <inheritdoc />
    public async Task<OrderInfo> Complete()
    {
        EnsureExists();
        await RunAsync();
        if (IsFinal(state.State.State))
        {
            // The waiter has its answer. When the run ended in a timer tick before this call, the deactivation asked
            // for there was overtaken by this call (which re-activated the order): ask again.
            this.DeactivateOnIdle();
        }

        return Describe(includeItems: true);
    }

    /// <inheritdoc />
    public Task Restart()
    {
        if (state.RecordExists && state.State.Request is not null && !IsFinal(state.State.State))
        {
            StartRun();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<OrderInfo> Cancel(string actor)
    {
        EnsureExists();
        if (IsFinal(state.State.State) || !state.State.Items.Any(i => i.State == OrderState.Acknowledged))
        {
            throw new DomainException("ORDER_NOT_CANCELLABLE", "id", $"order {OrderId} is {SimLifecycle.ApiName(state.State.State)} with no pending item; only pending items can be cancelled.");
        }

        state.State.CancelRequested = true;
        state.State.CancelledBy = actor;
        if (!_running)
        {
            CancelPending();
            Finish();
            await SaveAsync();
            PublishFinal();
        }

        await store.AuditAsync(actor, "order.cancelled", OrderId, _running ? "pending items cancelled at the next step" : $"{state.State.Items.Count(i => i.State == OrderState.Cancelled)} pending item(s) cancelled");
        return Describe(includeItems: false);
    }

    /// <inheritdoc />
    public Task<OrderInfo?> GetInfo() => Task.FromResult(state.RecordExists && state.State.Request is not null ? Describe(includeItems: false) : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderItemInfo>> GetItems(int offset, int limit, OrderState? only = null)
    {
        if (!state.RecordExists || state.State.Request is null)
        {
            return Task.FromResult<IReadOnlyList<OrderItemInfo>>([]);
        }

        IReadOnlyList<OrderItemInfo> page = Enumerable.Range(0, state.State.Items.Count)
            .Where(i => only is null || state.State.Items[i].State == only)
            .Skip(Math.Max(0, offset))
            .Take(Math.Max(0, limit))
            .Select(ItemInfo)
            .ToList();
        return Task.FromResult(page);
    }

    /// <summary>Runs the order on a timer turn of its own, so the submitter's call returns at once.</summary>
    private void StartRun()
    {
        if (_running || _timer is not null || IsFinal(state.State.State))
        {
            return;
        }

        _timer = this.RegisterGrainTimer(
            async ct =>
            {
                try
                {
                    await RunAsync();
                }
                finally
                {
                    _timer?.Dispose();
                    _timer = null;
                }
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task RunAsync()
    {
        if (_running || IsFinal(state.State.State))
        {
            return;
        }

        _running = true;
        try
        {
            // Stored with the first chunk's plan: an order stopped before that resumes from acknowledged, the same.
            var started = state.State.State == OrderState.Acknowledged;
            state.State.State = OrderState.InProgress;
            var open = Enumerable.Range(0, state.State.Items.Count).Where(i => !IsFinal(state.State.Items[i].State)).ToList();
            var chunkSize = Math.Max(options.OrderConcurrency, (open.Count + 49) / 50);
            var chunks = open.Chunk(chunkSize).ToList();
            int[] unstored = [];
            for (var c = 0; c < chunks.Count; c++)
            {
                if (state.State.CancelRequested)
                {
                    break;
                }

                // The last chunk's outcome is stored with the order's final state, below.
                unstored = await RunChunkAsync(chunks[c], storeOutcome: c < chunks.Count - 1, started ? () => Publish(OrderState.InProgress, OrderState.Acknowledged, null) : null);
                started = false;
            }

            CancelPending();
            Finish();
            await SaveAsync();
            PublishOutcome(unstored);
            PublishFinal();
        }
        catch (Exception e) when (e is not DomainException)
        {
            // The state stored so far stands; the next Restart (restart or submit again) continues from it.
            logger.LogError(e, "order {OrderId} stopped; it resumes from its stored state", OrderId);
            throw;
        }
        finally
        {
            _running = false;
        }
    }

    // Returns the items whose outcome is not stored yet (all of the chunk when storeOutcome is false, else none).
    private async Task<int[]> RunChunkAsync(int[] chunk, bool storeOutcome, Action? afterPlanStored)
    {
        var now = clock.GetUtcNow();
        var steps = new Dictionary<int, IReadOnlyList<ProvisioningStep>>();
        var resumedNetwork = chunk.Where(i => state.State.Items[i].Phase == OrderItemPhase.Network).ToHashSet();

        // Step 1: check the pending items against the SIMs as they are, and plan their network steps.
        var pending = chunk.Where(i => state.State.Items[i].Phase == OrderItemPhase.Pending && state.State.Items[i].State == OrderState.Acknowledged).ToList();
        var planned = await Bounded(chunk.Where(i => state.State.Items[i].Phase is OrderItemPhase.Pending or OrderItemPhase.Network && state.State.Items[i].State is OrderState.Acknowledged or OrderState.InProgress), PlanAsync);
        foreach (var (i, plan) in planned)
        {
            var p = state.State.Items[i];
            if (plan.Error is not null)
            {
                Fail(p, plan.Error, now);
                continue;
            }

            steps[i] = plan.Steps;
            p.State = OrderState.InProgress;
            p.CustomerId = plan.CustomerId ?? p.CustomerId;
            p.NetworkSteps = plan.Steps.Count;
            if (p.Phase == OrderItemPhase.Pending)
            {
                p.Phase = plan.Steps.Count > 0 ? OrderItemPhase.Network : OrderItemPhase.Applying;
            }
        }

        await SaveAsync();
        afterPlanStored?.Invoke();
        foreach (var i in pending)
        {
            PublishItem(i, OrderState.Acknowledged);
        }

        // Step 2: network steps, with compensation on failure; a resumed item skips the commands in effect already.
        var network = chunk.Where(i => state.State.Items[i].Phase == OrderItemPhase.Network && state.State.Items[i].State == OrderState.InProgress && steps.ContainsKey(i)).ToList();
        if (network.Count > 0)
        {
            var results = await Bounded(network, async i => await FanOutAsync(steps[i], resumedNetwork.Contains(i)));
            now = clock.GetUtcNow();
            foreach (var (i, result) in results)
            {
                var p = state.State.Items[i];
                switch (result.Status)
                {
                    case FanOutStatus.Completed:
                        p.Phase = OrderItemPhase.Applying;
                        break;
                    case FanOutStatus.Failed:
                        Fail(p, new DomainException("NE_REJECTED", null, NetworkReason(result) + "; every earlier step was undone and the SIM is unchanged."), now);
                        break;
                    default:
                        Fail(p, new DomainException("NE_PARTIAL", null, NetworkReason(result) + "; an undo failed too, so the elements disagree: an operator must reconcile them. The SIM is unchanged."), now);
                        p.State = OrderState.Partial;
                        p.NeedsOperator = true;
                        break;
                }
            }

            await SaveAsync();
        }

        // Step 3: the SIM change.
        var applying = chunk.Where(i => state.State.Items[i].Phase == OrderItemPhase.Applying && state.State.Items[i].State == OrderState.InProgress).ToList();
        var applied = await Bounded(applying, ApplyAsync);
        now = clock.GetUtcNow();
        foreach (var (i, outcome) in applied)
        {
            var p = state.State.Items[i];
            if (outcome.Error is null)
            {
                p.State = OrderState.Completed;
                p.Phase = OrderItemPhase.Done;
                p.CompletedAt = now;
                p.SimStatusAfter = outcome.Status;
                continue;
            }

            // The SIM refused: undo the network steps that ran for it.
            var undo = steps.TryGetValue(i, out var ran) && ran.Count > 0 && _gateway is not null
                ? await _gateway.FanOutAsync(OrderNetworkPlan.Undo(ran))
                : null;
            Fail(p, outcome.Error, now);
            if (undo is { Status: not FanOutStatus.Completed })
            {
                p.State = OrderState.Partial;
                p.NeedsOperator = true;
                p.Reason += " Undoing its network steps failed: an operator must reconcile the elements.";
            }
        }

        if (!storeOutcome)
        {
            // Stored (and then told) with the order's final state.
            return chunk;
        }

        await SaveAsync();
        PublishOutcome(chunk);
        return [];
    }

    private void PublishOutcome(int[] chunk)
    {
        foreach (var i in chunk.Where(i => state.State.Items[i].State != OrderState.InProgress))
        {
            PublishItem(i, OrderState.InProgress);
        }
    }

    private async Task<ItemPlan> PlanAsync(int index)
    {
        var item = Request.Items[index];
        try
        {
            var sim = await GrainFactory.GetGrain<ISimGrain>(item.Iccid).GetForOrder()
                ?? throw new DomainException("UNKNOWN_SIM", "iccid", $"iccid {item.Iccid} is not registered; register it into inventory first.");
            var info = sim.Info;
            if (state.State.Items[index].Phase == OrderItemPhase.Pending)
            {
                SimLifecycle.Require(item.Iccid, info.Status, item.Kind);
            }

            if (item is { Kind: OrderKind.SimSwap, NewImsi: null, NewIccid: { } newIccid } && await GrainFactory.GetGrain<ISimGrain>(newIccid).GetInfo() is { } replacement)
            {
                // The new SIM is registered already: the elements get its IMSI.
                item = item with { NewImsi = replacement.Imsi };
            }

            var steps = _gateway is null
                ? []
                : OrderNetworkPlan.Build(item, info, sim.Provisioning, _gateway.ElementsWithRole);
            return new ItemPlan(steps, info.CustomerId ?? item.CustomerId, null);
        }
        catch (DomainException e)
        {
            return new ItemPlan([], null, e);
        }
    }

    private async Task<FanOutResult> FanOutAsync(IReadOnlyList<ProvisioningStep> steps, bool resumed)
    {
        var toRun = steps;
        if (resumed)
        {
            // The run before the crash may have sent some of these: read each element and skip what is in effect.
            var remaining = new List<ProvisioningStep>();
            foreach (var step in steps)
            {
                var read = await _gateway!.ExecuteAsync(step.ElementId, new SubscriberCommand(SubscriberAction.Get, step.Command.Msisdn));
                if (!OrderNetworkPlan.InEffect(step.Command, read))
                {
                    remaining.Add(step);
                }
            }

            toRun = remaining;
        }

        return toRun.Count == 0 ? new FanOutResult(FanOutStatus.Completed, [], []) : await _gateway!.FanOutAsync(toRun);
    }

    private async Task<ItemOutcome> ApplyAsync(int index)
    {
        var item = Request.Items[index];
        try
        {
            var sim = await GrainFactory.GetGrain<ISimGrain>(item.Iccid).ApplyOrderItem(OrderId, item);
            return new ItemOutcome(sim.Status, null);
        }
        catch (DomainException e)
        {
            return new ItemOutcome(null, e);
        }
    }

    /// <summary>Runs <paramref name="work"/> for each index, at most <see cref="SimLifecycleOptions.OrderConcurrency"/> at once.</summary>
    private async Task<List<(int Index, T Result)>> Bounded<T>(IEnumerable<int> indices, Func<int, Task<T>> work)
    {
        var results = new List<(int, T)>();
        foreach (var batch in indices.Chunk(options.OrderConcurrency))
        {
            var done = await Task.WhenAll(batch.Select(async i => (i, await work(i))));
            results.AddRange(done);
        }

        return results;
    }

    private static string NetworkReason(FanOutResult result) =>
        result.FailedStep is { } failed
            ? $"network element {failed.ElementId} answered {(failed.Outcome == NeOutcome.Unknown ? "nothing usable" : "code " + failed.Code)}: {failed.Message}"
            : "a network step failed";

    private void CancelPending()
    {
        if (!state.State.CancelRequested)
        {
            return;
        }

        var now = clock.GetUtcNow();
        for (var i = 0; i < state.State.Items.Count; i++)
        {
            var p = state.State.Items[i];
            if (p.State == OrderState.Acknowledged && p.Phase == OrderItemPhase.Pending)
            {
                p.State = OrderState.Cancelled;
                p.Phase = OrderItemPhase.Done;
                p.CompletedAt = now;
                p.Reason = $"cancelled by {state.State.CancelledBy} before it ran";
                PublishItem(i, OrderState.Acknowledged);
            }
        }
    }

    /// <summary>Sets the order's final state from its items'.</summary>
    private void Finish()
    {
        var items = state.State.Items;
        var completed = items.Count(i => i.State == OrderState.Completed);
        var failed = items.Count(i => i.State == OrderState.Failed);
        var cancelled = items.Count(i => i.State == OrderState.Cancelled);
        var partial = items.Count(i => i.State == OrderState.Partial);
        if (completed + failed + cancelled + partial < items.Count)
        {
            return;
        }

        state.State.State = (completed, failed, cancelled, partial) switch
        {
            _ when partial > 0 => OrderState.Partial,
            _ when completed == items.Count => OrderState.Completed,
            _ when completed > 0 => OrderState.Partial,
            _ when failed == 0 => OrderState.Cancelled,
            _ => OrderState.Failed,
        };
        state.State.CompletedAt = clock.GetUtcNow();
        state.State.Reason = state.State.State switch
        {
            OrderState.Completed => null,
            OrderState.Failed when items.Count == 1 => items[0].Reason,
            _ => $"{completed} of {items.Count} item(s) completed, {failed} failed, {cancelled} cancelled"
                + (partial > 0 ? $", {partial} need an operator (network elements disagree)" : string.Empty)
                + (failed > 0 ? "; first failure: " + items.First(i => i.State == OrderState.Failed).Reason : string.Empty),
        };
    }

    private static void Fail(OrderItemProgress p, DomainException e, DateTimeOffset at)
    {
        p.State = OrderState.Failed;
        p.Phase = OrderItemPhase.Done;
        p.ErrorCode = e.Code;
        p.ErrorField = e.Field;
        p.Reason = e.Message;
        p.CompletedAt = at;
    }

    private async Task SaveAsync(IReadOnlyCollection<string>? iccids = null)
    {
        var before = _lastSave;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lastSave = mine.Task;
        await before;
        try
        {
            state.State.UpdatedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            var info = Describe(includeItems: false);
            var row = new OrderIndexRow(
                OrderId,
                Request.Submitter,
                info.Kind is { } kind ? SimLifecycle.ApiName(kind) : string.Empty,
                SimLifecycle.ApiName(info.State),
                info.CustomerId ?? string.Empty,
                Request.Bulk,
                info.ItemCount,
                info.Counts.GetValueOrDefault(OrderState.Completed),
                info.Counts.GetValueOrDefault(OrderState.Failed),
                Request.ExternalId ?? string.Empty,
                state.State.CreatedAt,
                state.State.UpdatedAt);
            if (iccids is { Count: > 0 } || _indexed is null || row with { UpdatedAt = _indexed.UpdatedAt } != _indexed)
            {
                // The index shows state, counts and customer: its updated_at is when one of those last changed.
                await store.SaveAsync(row, iccids ?? []);
                _indexed = row;
            }
        }
        finally
        {
            mine.SetResult();
        }
    }

    private void Publish(OrderState current, OrderState? previous, string? detail) =>
        events.Publish(new ProvisioningEvent(
            ProvisioningEventKind.OrderState,
            OrderId,
            Request.Items.Count == 1 ? Request.Items[0].Iccid : null,
            CustomerOf(),
            SimLifecycle.ApiName(current),
            previous is { } p ? SimLifecycle.ApiName(p) : null,
            state.State.UpdatedAt,
            detail));

    private void PublishFinal()
    {
        if (IsFinal(state.State.State))
        {
            Publish(state.State.State, OrderState.InProgress, state.State.Reason);

            // A finished order is stored and rarely read again: give its activation back once idle (a fleet set up
            // through orders would otherwise hold an activation per order).
            this.DeactivateOnIdle();
        }
    }

    private void PublishItem(int index, OrderState previous)
    {
        var p = state.State.Items[index];
        events.Publish(new ProvisioningEvent(
            ProvisioningEventKind.OrderItemState,
            OrderId,
            Request.Items[index].Iccid,
            p.CustomerId,
            SimLifecycle.ApiName(p.State),
            SimLifecycle.ApiName(previous),
            state.State.UpdatedAt,
            p.Reason ?? $"item {Request.Items[index].Id}: {SimLifecycle.ApiName(Request.Items[index].Kind)}"));
    }

    private string? CustomerOf()
    {
        var customers = state.State.Items.Select(i => i.CustomerId).Concat(Request.Items.Select(i => i.CustomerId)).Where(c => c is not null).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return customers.Count == 1 ? customers[0] : null;
    }

    private OrderInfo Describe(bool includeItems)
    {
        var kinds = Request.Items.Select(i => i.Kind).Distinct().Take(2).ToList();
        var counts = state.State.Items.GroupBy(i => i.State).ToDictionary(g => g.Key, g => g.Count());
        return new OrderInfo(
            OrderId,
            state.State.State,
            Request.Submitter,
            kinds.Count == 1 ? kinds[0] : null,
            CustomerOf(),
            state.State.CreatedAt,
            state.State.UpdatedAt,
            state.State.CompletedAt,
            Request.Items.Count,
            counts,
            includeItems ? Enumerable.Range(0, Request.Items.Count).Select(ItemInfo).ToList() : [],
            Request.IdempotencyKey,
            Request.ExternalId,
            Request.RequestedCompletionDate,
            Request.Description,
            Request.Bulk,
            state.State.Reason,
            state.State.CancelledBy);
    }

    private OrderItemInfo ItemInfo(int index)
    {
        var p = state.State.Items[index];
        var item = Request.Items[index];
        return new OrderItemInfo(item, SimLifecycle.ActionOf(item.Kind), p.State, p.ErrorCode, p.ErrorField, p.Reason, p.NeedsOperator, p.CompletedAt, p.SimStatusAfter, p.NetworkSteps);
    }

    private void EnsureExists()
    {
        if (!state.RecordExists || state.State.Request is null)
        {
            throw new DomainException("UNKNOWN_ORDER", "id", $"order {OrderId} does not exist; list orders with the orders query.");
        }
    }

    private static bool IsFinal(OrderState s) => s is OrderState.Completed or OrderState.Failed or OrderState.Partial or OrderState.Cancelled;

    private sealed record ItemPlan(IReadOnlyList<ProvisioningStep> Steps, string? CustomerId, DomainException? Error);

    private sealed record ItemOutcome(SimStatus? Status, DomainException? Error);
}
