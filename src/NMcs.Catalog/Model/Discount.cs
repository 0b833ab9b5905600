namespace NMcs.Catalog.Model;

/// <summary>
/// A reduction of chosen charges, for the first <see cref="Cycles"/> billing cycles of a subscription or for cycles
/// starting inside [<see cref="From"/>, <see cref="Until"/>); with neither it lasts for the product's life.
/// </summary>
public sealed record Discount
{
    /// <summary>Discount id, unique in the product version.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public required string Name { get; init; }

    /// <summary>Percentage of each charge or a fixed amount per cycle.</summary>
    public required DiscountKind Kind { get; init; }

    /// <summary>Percent (0–100) or amount in the product currency.</summary>
    public required decimal Value { get; init; }

    /// <summary>Ids of the charges (recurring, one-time or usage) the discount reduces.</summary>
    public required IReadOnlyList<string> Charges { get; init; }

    /// <summary>Number of billing cycles from the subscription's start the discount lasts; null for no limit.</summary>
    public int? Cycles { get; init; }

    /// <summary>First instant a cycle may start to be discounted; null for no lower limit.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Instant from which cycles are no longer discounted; null for no upper limit.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>True when the subscription's cycle number <paramref name="cycleNumber"/> (1 = first) starting at <paramref name="cycleStart"/> is discounted.</summary>
    public bool AppliesTo(int cycleNumber, DateTimeOffset cycleStart) =>
        (Cycles is null || cycleNumber <= Cycles) && (From is null || cycleStart >= From) && (Until is null || cycleStart < Until);

    /// <summary>The reduction of <paramref name="chargesTotal"/>, the cycle's total of the chosen charges (never more than it).</summary>
    public decimal AmountOff(decimal chargesTotal) => Kind == DiscountKind.Percentage
        ? chargesTotal * Value / 100m
        : Math.Min(Value, Math.Max(0m, chargesTotal));
}
