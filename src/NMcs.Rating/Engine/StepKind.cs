namespace NMcs.Rating.Engine;

/// <summary>The kinds of calculation step a rated part records.</summary>
internal enum StepKind
{
    /// <summary>A: quantity already covered by earlier rounding.</summary>
    Covered,

    /// <summary>Ref: increment; A: quantity; B: charged.</summary>
    FirstIncrement,

    /// <summary>Ref: increment; A: quantity; B: charged.</summary>
    NextIncrement,

    /// <summary>Text: allowance id; A: used; B: included.</summary>
    AllowanceUsedUp,

    /// <summary>Text: allowance id; A: taken; B: left; C: included; Flag: pooled.</summary>
    Allowance,

    /// <summary>A: billable units; B: price; C: amount.</summary>
    PerUnit,

    /// <summary>Ref: tier; A: units in tier; B: amount.</summary>
    GraduatedTier,

    /// <summary>Nothing billable for a graduated charge.</summary>
    GraduatedNothing,

    /// <summary>Ref: tier; A: cycle total units; B: billable units; C: amount.</summary>
    Volume,

    /// <summary>Ref: charge; A: cycle units before; B: after; C: new blocks; D: amount.</summary>
    Block,

    /// <summary>Ref: tier entered.</summary>
    FlatTier,

    /// <summary>Ref: increment; A: billable first-interval quantity; B: rounded first price; C: unrounded; D: amount.</summary>
    FirstInterval,

    /// <summary>Ref: increment; A: number of next intervals; B: rounded next price; C: unrounded; D: amount.</summary>
    NextIntervals,

    /// <summary>A: connect fee.</summary>
    ConnectFee,

    /// <summary>A: max cost; B: total before the cap; C: taken off this part.</summary>
    MaxCost,

    /// <summary>Text: base charge id; A: percent; B: base amount; C: amount.</summary>
    Percentage,

    /// <summary>A: unrounded; B: rounded.</summary>
    Rounded,
}
