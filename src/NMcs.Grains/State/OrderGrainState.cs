using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.State;

/// <summary>Persistent state of <see cref="Orders.OrderGrain"/>.</summary>
[GenerateSerializer, Alias("nmcs.OrderGrainState")]
public sealed class OrderGrainState
{
    /// <summary>What was submitted.</summary>
    [Id(0)] public OrderRequest? Request { get; set; }

    /// <summary>Hash of the request (<see cref="Orders.OrderItemRules.Hash"/>).</summary>
    [Id(1)] public string PayloadHash { get; set; } = string.Empty;

    /// <summary>The order's state.</summary>
    [Id(2)] public OrderState State { get; set; } = OrderState.Acknowledged;

    /// <summary>When it was acknowledged.</summary>
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it became final.</summary>
    [Id(5)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Progress per item, at the index of the item in the request.</summary>
    [Id(6)] public List<OrderItemProgress> Items { get; set; } = [];

    /// <summary>True once a cancel was asked for: pending items are cancelled at the next step.</summary>
    [Id(7)] public bool CancelRequested { get; set; }

    /// <summary>Who cancelled it.</summary>
    [Id(8)] public string? CancelledBy { get; set; }

    /// <summary>Why it failed, is partial or was cancelled.</summary>
    [Id(9)] public string? Reason { get; set; }
}
