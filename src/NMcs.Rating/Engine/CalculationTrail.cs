namespace NMcs.Rating.Engine;

/// <summary>
/// A rated part's calculation as numbers. The first step (how increments rounded the quantity) and the last (the
/// rounding of the amount) are given by the part's own quantities and amounts, so only the kind of the first is kept.
/// </summary>
/// <param name="Charge">The charge that priced the part (units, increment, product rounding for the text).</param>
/// <param name="IncrementStep">Covered, first or next increment; null when the charge has no increments.</param>
/// <param name="Steps">The steps in between, in order.</param>
internal readonly record struct CalculationTrail(ChargePlan? Charge, StepKind? IncrementStep, Step[] Steps);
