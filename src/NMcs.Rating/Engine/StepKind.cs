namespace NMcs.Rating.Engine;

/// <summary>The kinds of calculation step a rated part records.</summary>
internal enum StepKind
{
    /// <summary>Implied by the part: its quantity, already covered by earlier rounding.</summary>
    Covered,

    /// <summary>Implied by the part: its quantity and charged quantity, its charge's increment.</summary>
    FirstIncrement,

    /// <summary>Implied by the part: its quantity and charged quantity, its charge's increment.</summary>
    NextIncrement,

    /// <summary>Ref: allowance plan (id, included quantity); A: used.</summary>
    AllowanceUsedUp,

    /// <summary>Ref: allowance plan (id, included quantity, pooled or not); A: taken; B: left.</summary>
    Allowance,

    /// <summary>A: billable units; B: amount; the price is the charge's.</summary>
    PerUnit,

    /// <summary>Ref: tier; A: units in tier; B: amount.</summary>
    GraduatedTier,

    /// <summary>Nothing billable for a graduated charge.</summary>
    GraduatedNothing,

    /// <summary>Ref: tier; A: cycle total units; B: amount; the billable units are the part's.</summary>
    Volume,

    /// <summary>Ref: charge; A: cycle base units before; B: after (units, new blocks and amount follow from the charge).</summary>
    Block,

    /// <summary>Ref: tier entered.</summary>
    FlatTier,

    /// <summary>Ref: increment; A: billable first-interval quantity (prices from the charge, amount from both).</summary>
    FirstInterval,

    /// <summary>Ref: increment; A: billable quantity in next intervals (count, prices and amount follow).</summary>
    NextIntervals,

    /// <summary>A: connect fee.</summary>
    ConnectFee,

    /// <summary>A: total before the cap; B: taken off this part; the max cost is the charge's.</summary>
    MaxCost,

    /// <summary>Ref: base charge id; A: base amount; the percent is the charge's, the amount the part's.</summary>
    Percentage,

    /// <summary>Implied by the part: its unrounded and rounded amounts.</summary>
    Rounded,
}
