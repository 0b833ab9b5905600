namespace NMcs.Abstractions.Contracts;

/// <summary>An order (TMF622 <c>ProductOrder</c>): its state, counts per item state, and (when asked for) its items.</summary>
/// <param name="Id">The order id.</param>
/// <param name="State">The order's state.</param>
/// <param name="Submitter">Who submitted it.</param>
/// <param name="Kind">The kind of all its items, or null when they differ.</param>
/// <param name="CustomerId">The customer of its SIMs when they all belong to one, else null.</param>
/// <param name="CreatedAt">When it was acknowledged (TMF622 <c>orderDate</c>).</param>
/// <param name="UpdatedAt">When its state or an item's state last changed.</param>
/// <param name="CompletedAt">When it reached its final state (TMF622 <c>completionDate</c>).</param>
/// <param name="ItemCount">How many items it has.</param>
/// <param name="Counts">Items per state.</param>
/// <param name="Items">The items, or an empty list when not asked for.</param>
/// <param name="IdempotencyKey">The submitter's key.</param>
/// <param name="ExternalId">The submitter's reference.</param>
/// <param name="RequestedCompletionDate">When the submitter wanted it done.</param>
/// <param name="Description">Free text from the submitter.</param>
/// <param name="Bulk">True for a bulk order.</param>
/// <param name="Reason">Why it failed, is partial or was cancelled, in one line.</param>
/// <param name="CancelledBy">Who cancelled it.</param>
[GenerateSerializer, Immutable, Alias("nmcs.OrderInfo")]
public sealed record OrderInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] OrderState State,
    [property: Id(2)] string Submitter,
    [property: Id(3)] OrderKind? Kind,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] int ItemCount,
    [property: Id(9)] IReadOnlyDictionary<OrderState, int> Counts,
    [property: Id(10)] IReadOnlyList<OrderItemInfo> Items,
    [property: Id(11)] string? IdempotencyKey = null,
    [property: Id(12)] string? ExternalId = null,
    [property: Id(13)] DateTimeOffset? RequestedCompletionDate = null,
    [property: Id(14)] string? Description = null,
    [property: Id(15)] bool Bulk = false,
    [property: Id(16)] string? Reason = null,
    [property: Id(17)] string? CancelledBy = null)
{
    /// <summary>True once the order can change no more.</summary>
    public bool IsFinal => State is OrderState.Completed or OrderState.Failed or OrderState.Partial or OrderState.Cancelled;
}
