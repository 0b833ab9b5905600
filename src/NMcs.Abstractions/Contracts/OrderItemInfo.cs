namespace NMcs.Abstractions.Contracts;

/// <summary>One item of an order and how it went (TMF622 <c>productOrderItem</c> with its <c>state</c>).</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Action">The TMF622 action of its kind.</param>
/// <param name="State">acknowledged (pending), inProgress, completed, failed, partial or cancelled.</param>
/// <param name="ErrorCode">Why it failed, machine-readable (e.g. ILLEGAL_TRANSITION, NE_REJECTED).</param>
/// <param name="ErrorField">The input field at fault, when there is one.</param>
/// <param name="Reason">Why it failed or is partial, for people.</param>
/// <param name="NeedsOperator">True when network elements disagree after a failed compensation: an operator must reconcile them.</param>
/// <param name="CompletedAt">When it reached its final state.</param>
/// <param name="SimStatusAfter">The SIM's state after the item completed.</param>
/// <param name="NetworkSteps">How many network element commands it ran (0 when no element is configured for its roles).</param>
[GenerateSerializer, Immutable, Alias("nmcs.OrderItemInfo")]
public sealed record OrderItemInfo(
    [property: Id(0)] OrderItemRequest Request,
    [property: Id(1)] OrderItemAction Action,
    [property: Id(2)] OrderState State,
    [property: Id(3)] string? ErrorCode = null,
    [property: Id(4)] string? ErrorField = null,
    [property: Id(5)] string? Reason = null,
    [property: Id(6)] bool NeedsOperator = false,
    [property: Id(7)] DateTimeOffset? CompletedAt = null,
    [property: Id(8)] SimStatus? SimStatusAfter = null,
    [property: Id(9)] int NetworkSteps = 0);
