namespace NMcs.Catalog.Model;

/// <summary>
/// Charging steps in the service's base units (bytes, seconds, messages): the record's quantity is rounded up to
/// <see cref="First"/>, then up to whole multiples of <see cref="Next"/> beyond it. 60/1 charges a minute's minimum
/// then per second; 30/6 a 30-second minimum then 6-second steps; 1024/1024 whole kilobytes of data.
/// </summary>
public sealed record UsageIncrement
{
    /// <summary>First interval in base units.</summary>
    public required decimal First { get; init; }

    /// <summary>Each later interval in base units.</summary>
    public required decimal Next { get; init; }

    /// <summary>The quantity <paramref name="quantity"/> rounded up to the increments (0 stays 0).</summary>
    public decimal RoundUp(decimal quantity)
    {
        if (quantity <= 0)
        {
            return 0m;
        }

        return quantity <= First ? First : First + (Math.Ceiling((quantity - First) / Next) * Next);
    }
}
