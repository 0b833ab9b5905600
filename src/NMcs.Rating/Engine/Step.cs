namespace NMcs.Rating.Engine;

/// <summary>
/// One calculation step, kept as numbers and rendered to text only when someone reads it. Only what the part and its
/// charge do not already say is kept (at most two numbers): the rest is worked out again, with the same arithmetic,
/// when the step is rendered (see <see cref="StepKind"/>).
/// </summary>
/// <param name="Kind">What the step did; says what the other fields mean.</param>
/// <param name="A">First number.</param>
/// <param name="B">Second number.</param>
/// <param name="Ref">The catalog element the step used (tier, allowance plan, charge), or the base charge id it names.</param>
internal readonly record struct Step(
    StepKind Kind,
    decimal A = 0,
    decimal B = 0,
    object? Ref = null);
