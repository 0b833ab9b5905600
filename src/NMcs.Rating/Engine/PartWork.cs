using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>A piece of a record being priced.</summary>
internal sealed class PartWork(ChargePlan charge, string? band, Instant start, Instant end, decimal quantity)
{
    public ChargePlan Charge { get; } = charge;

    public string? Band { get; } = band;

    public Instant Start { get; } = start;

    public Instant End { get; } = end;

    /// <summary>Reported base units of the piece.</summary>
    public decimal Quantity { get; } = quantity;

    /// <summary>Base units after increments.</summary>
    public decimal Charged { get; set; }

    /// <summary>The first interval when this piece carries it, else 0.</summary>
    public decimal FirstInterval { get; set; }

    /// <summary>Base units left to charge after allowances.</summary>
    public decimal Billable { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Allowances used, or null when none.</summary>
    public List<AllowanceConsumption>? Allowances { get; set; }

    public List<Step> Steps { get; } = new(4);
}
