namespace NMcs.Abstractions.Contracts;

/// <summary>What a <see cref="ProvisioningEvent"/> reports.</summary>
public enum ProvisioningEventKind
{
    /// <summary>An order changed state (acknowledged, inProgress, completed, failed, partial, cancelled).</summary>
    OrderState = 1,

    /// <summary>One item of a (bulk) order changed state.</summary>
    OrderItemState = 2,

    /// <summary>A SIM changed lifecycle state.</summary>
    SimState = 3,
}

/// <summary>A state change of an order, an order item or a SIM, streamed to clients (GraphQL subscriptions).</summary>
/// <param name="Kind">What changed.</param>
/// <param name="OrderId">The order, when an order caused the change.</param>
/// <param name="Iccid">The SIM concerned, when there is one.</param>
/// <param name="CustomerId">The customer the order or SIM belongs to, for filtering per customer.</param>
/// <param name="State">The new state, as the API spells it.</param>
/// <param name="PreviousState">The state before, when known.</param>
/// <param name="At">When it changed (platform clock).</param>
/// <param name="Detail">A one-line reason or description, e.g. the failure reason.</param>
[GenerateSerializer, Immutable, Alias("nmcs.ProvisioningEvent")]
public sealed record ProvisioningEvent(
    [property: Id(0)] ProvisioningEventKind Kind,
    [property: Id(1)] string? OrderId,
    [property: Id(2)] string? Iccid,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] string State,
    [property: Id(5)] string? PreviousState,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string? Detail);
