using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Identifiers;
using NMcs.Storage;
using NMcs.Storage.Orders;

namespace NMcs.Grains.Orders;

/// <summary>
/// The one way orders come in (GraphQL, the SIM mutations, the scenario runner and the platform's own orders): checks
/// a single order completely before anything is stored (bad ICCID, unknown SIM or MSISDN, a move the lifecycle does not
/// allow — refused with the field and the fix, nothing changes), applies the submitter's idempotency key, and hands the
/// order to its grain. Bulk orders are checked per item instead: a bad item fails alone.
/// </summary>
public sealed class OrderSubmission(IGrainFactory grains, OrderStore store, SimDirectory directory, [FromKeyedServices(PlatformClock.Key)] TimeProvider clock)
{
    /// <summary>The ICCID of the SIM named by <paramref name="iccid"/> or, when that is null, by <paramref name="msisdn"/>.</summary>
    public async Task<string> ResolveIccidAsync(string? iccid, string? msisdn, CancellationToken cancellationToken = default)
    {
        if (iccid is not null)
        {
            return SimIdentifiers.ValidateIccid(iccid);
        }

        if (msisdn is null)
        {
            throw new DomainException("INVALID_ORDER", "iccid", "name the SIM by iccid or msisdn.");
        }

        var normalised = SimIdentifiers.ValidateMsisdn(msisdn);
        return await directory.ResolveAsync(normalised, "msisdn", cancellationToken)
            ?? throw new DomainException("UNKNOWN_MSISDN", "msisdn", $"msisdn {normalised} belongs to no SIM; check the number or name the SIM by iccid.");
    }

    /// <summary>Submits the order and returns it acknowledged (or as it is, for a repeated idempotency key).</summary>
    public async Task<OrderInfo> SubmitAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Items.Count is 0 or > OrderItemRules.MaxItems)
        {
            throw new DomainException("INVALID_ORDER", "productOrderItem", $"an order has 1 to {OrderItemRules.MaxItems:N0} items; this one has {request.Items.Count:N0}. Split it.");
        }

        if (request.IdempotencyKey is { Length: > 200 })
        {
            throw new DomainException("INVALID_ORDER", "idempotencyKey", "idempotencyKey is longer than 200 characters; send a shorter unique key (e.g. a UUID).");
        }

        var hash = OrderItemRules.Hash(request);
        if (request.IdempotencyKey is { Length: > 0 } key && await store.FindKeyAsync(request.Submitter, key, hash, cancellationToken) is { } earlier)
        {
            return await SameKeyAsync(earlier, hash, request);
        }

        var customers = request.Bulk ? null : await CheckAsync(request);

        var orderId = NewOrderId();
        if (request.IdempotencyKey is { Length: > 0 } newKey)
        {
            var reservation = await store.ReserveKeyAsync(request.Submitter, newKey, hash, orderId, clock.GetUtcNow(), cancellationToken);
            if (!reservation.Created)
            {
                return await SameKeyAsync(reservation, hash, request);
            }
        }

        return await grains.GetGrain<IOrderGrain>(orderId).Submit(request, hash, customers);
    }

    /// <summary>Submits the order and waits until it is final; returns it with its items.</summary>
    public async Task<OrderInfo> SubmitAndWaitAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        var order = await SubmitAsync(request, cancellationToken);
        return await grains.GetGrain<IOrderGrain>(order.Id).Complete();
    }

    /// <summary>
    /// Submits a one-item order and waits for it; a failed item is thrown as its error, so a SIM mutation refuses
    /// exactly as before orders existed. Returns the SIM afterwards.
    /// </summary>
    public async Task<SimInfo> RunSimOrderAsync(string submitter, OrderItemRequest item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var order = await SubmitAndWaitAsync(new OrderRequest(submitter, [item]), cancellationToken);
        var result = order.Items[0];
        if (result.State != OrderState.Completed)
        {
            throw new DomainException(result.ErrorCode ?? "ORDER_" + result.State.ToString().ToUpperInvariant(), result.ErrorField, result.Reason ?? $"order {order.Id} ended {SimLifecycle.ApiName(result.State)}.");
        }

        return (await grains.GetGrain<ISimGrain>(item.Iccid).GetInfo())!;
    }

    /// <summary>
    /// Cancels the order's pending items as <paramref name="actor"/>. Refused here, before the grain is asked, when the
    /// order does not exist (UNKNOWN_ORDER) or has no pending item (ORDER_NOT_CANCELLABLE), so the refusal needs no
    /// trip across silos.
    /// </summary>
    public async Task<OrderInfo> CancelAsync(string orderId, string actor)
    {
        var order = grains.GetGrain<IOrderGrain>(orderId);
        var info = await order.GetInfo()
            ?? throw new DomainException("UNKNOWN_ORDER", "id", $"order {orderId} does not exist; list orders with the orders query.");
        if (info.IsFinal || info.Counts.GetValueOrDefault(OrderState.Acknowledged) == 0)
        {
            throw new DomainException("ORDER_NOT_CANCELLABLE", "id", $"order {orderId} is {SimLifecycle.ApiName(info.State)} with no pending item; only pending items can be cancelled.");
        }

        return await order.Cancel(actor);
    }

    private async Task<OrderInfo> SameKeyAsync(OrderKeyReservation earlier, string hash, OrderRequest request)
    {
        if (!earlier.SamePayload)
        {
            throw new DomainException("IDEMPOTENCY_CONFLICT", "idempotencyKey", $"idempotencyKey '{request.IdempotencyKey}' was used for order {earlier.OrderId} with other items; use a new key for a different order (409).");
        }

        // Submit again: a no-op for a stored order, and it stores the order when the first call died after the key.
        return await grains.GetGrain<IOrderGrain>(earlier.OrderId).Submit(request, hash);
    }

    /// <summary>
    /// Refuses a single order that cannot run: every item valid, its SIM registered and the move allowed from the SIM's
    /// state. Returns each item's customer as its SIM says.
    /// </summary>
    private async Task<IReadOnlyList<string?>> CheckAsync(OrderRequest request)
    {
        var customers = new List<string?>(request.Items.Count);
        var sims = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in request.Items)
        {
            var item = OrderItemRules.Validate(raw);
            if (!sims.Add(item.Iccid))
            {
                throw new DomainException("DUPLICATE_ITEM", "iccid", $"iccid {item.Iccid} appears in two items of the order; one item per SIM.");
            }

            var sim = await grains.GetGrain<ISimGrain>(item.Iccid).GetInfo()
                ?? throw new DomainException("UNKNOWN_SIM", "iccid", $"iccid {item.Iccid} is not registered; register it into inventory first.");
            SimLifecycle.Require(item.Iccid, sim.Status, item.Kind);
            customers.Add(sim.CustomerId);
        }

        return customers;
    }

    private static string NewOrderId() => "ORD-" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
}
