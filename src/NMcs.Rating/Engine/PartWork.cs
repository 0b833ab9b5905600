using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>
/// A piece of a record being priced. Instances belong to a thread's <see cref="RecordWork"/> and are reused from
/// record to record; nothing of them outlives the record but what <see cref="RecordWork.Finish"/> copies out.
/// </summary>
internal sealed class PartWork
{
    public ChargePlan Charge { get; private set; } = null!;

    public string? Band { get; private set; }

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    /// <summary>Reported base units of the piece.</summary>
    public decimal Quantity { get; private set; }

    /// <summary>Base units after increments.</summary>
    public decimal Charged { get; set; }

    /// <summary>The first interval when this piece carries it, else 0.</summary>
    public decimal FirstInterval { get; set; }

    /// <summary>Base units left to charge after allowances.</summary>
    public decimal Billable { get; set; }

    /// <summary>
    /// True when an allowance took some of the piece, so <see cref="Billable"/> is no longer <see cref="Charged"/>
    /// itself and its rate units must be worked out separately.
    /// </summary>
    public bool AllowanceTaken { get; set; }

    /// <summary><see cref="Billable"/> in rate units once pricing has worked it out, else null.</summary>
    public decimal? BillableUnits { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Allowances used, or null when none. A fresh list each time: it goes into the rated part.</summary>
    public List<AllowanceConsumption>? Allowances { get; set; }

    /// <summary>
    /// The increment step (covered, first or next increment) the piece starts its calculation with, or null. Kept
    /// apart from <see cref="Steps"/> because the rated part's own quantities say everything the step shows.
    /// </summary>
    public StepKind? IncrementStep { get; set; }

    /// <summary>Steps after the increment step, the closing rounding step excluded (the rated part's amounts give it).</summary>
    public List<Step> Steps { get; } = new(4);

    /// <summary>Starts a new piece in this (reused) instance.</summary>
    public PartWork Reset(ChargePlan charge, string? band, Instant start, Instant end, decimal quantity)
    {
        Charge = charge;
        Band = band;
        Start = start;
        End = end;
        Quantity = quantity;
        Charged = 0m;
        FirstInterval = 0m;
        Billable = 0m;
        AllowanceTaken = false;
        BillableUnits = null;
        Amount = 0m;
        Allowances = null;
        IncrementStep = null;
        Steps.Clear();
        return this;
    }
}
