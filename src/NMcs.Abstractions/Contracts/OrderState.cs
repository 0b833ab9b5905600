namespace NMcs.Abstractions.Contracts;

/// <summary>
/// The state of an order or of one of its items (TMF622 <c>ProductOrderStateType</c>): acknowledged → inProgress →
/// completed, failed, partial or cancelled. The last four are final.
/// </summary>
[GenerateSerializer, Alias("nmcs.OrderState")]
public enum OrderState
{
    /// <summary>Accepted and stored; nothing has run yet.</summary>
    Acknowledged = 1,

    /// <summary>Network steps or the SIM change are running.</summary>
    InProgress = 2,

    /// <summary>Every item completed.</summary>
    Completed = 3,

    /// <summary>Nothing was changed: every item failed (the reason is on the item), the SIMs are as before.</summary>
    Failed = 4,

    /// <summary>
    /// Some items completed and some failed or were cancelled; or, on an item, the network elements disagree after a
    /// failed compensation and an operator must reconcile them (<see cref="OrderItemInfo.NeedsOperator"/>).
    /// </summary>
    Partial = 5,

    /// <summary>Cancelled before any item ran (on an item: cancelled while it was pending).</summary>
    Cancelled = 6,
}
