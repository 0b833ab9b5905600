using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>
/// An order, keyed by order id: the provisioning state machine acknowledged → inProgress → completed / failed /
/// partial / cancelled. Its state is stored before every step, so an order a silo left in progress resumes where it
/// stopped (see docs/orders.md).
/// </summary>
[Alias("nmcs.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the order as acknowledged and starts it in the background. Submitting the same request again returns the
    /// order as it is; another request under the same id is refused (IDEMPOTENCY_CONFLICT). <paramref name="customers"/>,
    /// when the caller has just read the items' SIMs, gives each item's customer (parallel to the items; null where the
    /// SIM has none), so the order does not read the SIMs again.
    /// </summary>
    [Alias("Submit")]
    Task<OrderInfo> Submit(OrderRequest request, string payloadHash, IReadOnlyList<string?>? customers = null);

    /// <summary>Runs the order to its final state (or waits for the run in progress) and returns it with its items.</summary>
    [Alias("Complete")]
    Task<OrderInfo> Complete();

    /// <summary>Restarts an order a previous process left unfinished; nothing for a final one.</summary>
    [Alias("Restart")]
    Task Restart();

    /// <summary>
    /// Cancels the items still pending (those running finish); an order with no item left to run is refused
    /// (ORDER_NOT_CANCELLABLE).
    /// </summary>
    [Alias("Cancel")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<OrderInfo> Cancel(string actor);

    /// <summary>The order without its items, or null when there is none with this id.</summary>
    [Alias("GetInfo")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<OrderInfo?> GetInfo();

    /// <summary>A page of the order's items in item order, optionally only those in <paramref name="only"/>.</summary>
    [Alias("GetItems")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<OrderItemInfo>> GetItems(int offset, int limit, OrderState? only = null);
}
