namespace NMcs.Rating.Engine;

/// <summary>The declarative rating of one usage record: its parts and the counter increases to persist.</summary>
public sealed record RatingResult
{
    /// <summary>Usage record id.</summary>
    public required string RecordId { get; init; }

    /// <summary>Product id.</summary>
    public required string ProductId { get; init; }

    /// <summary>Product version that rated the record.</summary>
    public required int ProductVersion { get; init; }

    /// <summary>Currency of every amount.</summary>
    public required Currency Currency { get; init; }

    /// <summary>Cycle of the counters used.</summary>
    public required string CycleKey { get; init; }

    /// <summary>Zone of the record, or null.</summary>
    public string? Zone { get; init; }

    /// <summary>Priced parts, in time order, each percentage part after the part it follows.</summary>
    public required IReadOnlyList<RatedPart> Parts { get; init; }

    /// <summary>Counter increases to persist: allowance use and charge quantities for the cycle.</summary>
    public required IReadOnlyList<CounterDelta> CounterDeltas { get; init; }

    /// <summary>Sum of the parts' unrounded amounts.</summary>
    public decimal UnroundedTotal
    {
        get
        {
            var total = 0m;
            for (var i = 0; i < Parts.Count; i++)
            {
                total += Parts[i].UnroundedAmount;
            }

            return total;
        }
    }

    /// <summary>Sum of the parts' rounded amounts.</summary>
    public decimal Total
    {
        get
        {
            var total = 0m;
            for (var i = 0; i < Parts.Count; i++)
            {
                total += Parts[i].Amount;
            }

            return total;
        }
    }
}
