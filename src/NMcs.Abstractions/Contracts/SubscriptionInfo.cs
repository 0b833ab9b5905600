namespace NMcs.Abstractions.Contracts;

/// <summary>
/// A SIM activated on a product version for an account (TM Forum: Product inventory item). A plan change ends one
/// subscription and starts another on the same SIM; a suspension is a span inside one. A SIM swap moves the
/// subscription to the new SIM (<see cref="Iccid"/> changes) and adds the swap instant to <see cref="SimSwaps"/>
/// (each one raises the product's SIM-swap fee).
/// </summary>
[GenerateSerializer, Immutable, Alias("nmcs.SubscriptionInfo")]
public sealed record SubscriptionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Iccid,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string ProductId,
    [property: Id(4)] int ProductVersion,
    [property: Id(5)] DateTimeOffset ActivatedAt,
    [property: Id(6)] DateTimeOffset? EndedAt = null,
    [property: Id(7)] IReadOnlyList<SuspensionSpan>? Suspensions = null,
    [property: Id(8)] SubscriptionEnd? EndReason = null,
    [property: Id(9)] IReadOnlyList<DateTimeOffset>? SimSwaps = null)
{
    /// <summary>True when the subscription covers <paramref name="at"/> (activation inclusive, end exclusive).</summary>
    public bool CoversAt(DateTimeOffset at) => at >= ActivatedAt && (EndedAt is null || at < EndedAt);
}

/// <summary>A time a subscription was suspended: from <see cref="From"/> until <see cref="To"/> (open while null).</summary>
[GenerateSerializer, Immutable, Alias("nmcs.SuspensionSpan")]
public sealed record SuspensionSpan([property: Id(0)] DateTimeOffset From, [property: Id(1)] DateTimeOffset? To);

/// <summary>Why a subscription ended.</summary>
public enum SubscriptionEnd
{
    /// <summary>The SIM was terminated.</summary>
    Terminated = 1,

    /// <summary>The SIM moved to another product (plan change).</summary>
    PlanChanged = 2,
}
