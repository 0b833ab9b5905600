namespace NMcs.Rating.Engine;

/// <summary>One calculation step, kept as numbers and rendered to text only when someone reads it.</summary>
/// <param name="Kind">What the step did; says what the other fields mean.</param>
/// <param name="A">First number.</param>
/// <param name="B">Second number.</param>
/// <param name="C">Third number.</param>
/// <param name="D">Fourth number.</param>
/// <param name="Text">An id (allowance, charge), when the step names one.</param>
/// <param name="Ref">The catalog element the step used (tier, increment, charge).</param>
/// <param name="Flag">A yes/no detail (pooled allowance).</param>
internal readonly record struct Step(
    StepKind Kind,
    decimal A = 0,
    decimal B = 0,
    decimal C = 0,
    decimal D = 0,
    string? Text = null,
    object? Ref = null,
    bool Flag = false);
