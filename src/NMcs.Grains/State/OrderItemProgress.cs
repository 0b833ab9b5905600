using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.State;

/// <summary>How one item of an <see cref="OrderGrainState"/> is doing (its request is at the same index of the order's request).</summary>
[GenerateSerializer, Alias("nmcs.OrderItemProgress")]
public sealed class OrderItemProgress
{
    /// <summary>The item's state.</summary>
    [Id(0)] public OrderState State { get; set; } = OrderState.Acknowledged;

    /// <summary>The step it is at.</summary>
    [Id(1)] public OrderItemPhase Phase { get; set; }

    /// <summary>Why it failed, machine-readable.</summary>
    [Id(2)] public string? ErrorCode { get; set; }

    /// <summary>The input field at fault.</summary>
    [Id(3)] public string? ErrorField { get; set; }

    /// <summary>Why it failed or is partial.</summary>
    [Id(4)] public string? Reason { get; set; }

    /// <summary>Network elements disagree: an operator must reconcile them.</summary>
    [Id(5)] public bool NeedsOperator { get; set; }

    /// <summary>When it reached its final state.</summary>
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The SIM's state after it completed.</summary>
    [Id(7)] public SimStatus? SimStatusAfter { get; set; }

    /// <summary>Network commands run for it.</summary>
    [Id(8)] public int NetworkSteps { get; set; }

    /// <summary>The SIM's customer, seen when the item started.</summary>
    [Id(9)] public string? CustomerId { get; set; }
}
