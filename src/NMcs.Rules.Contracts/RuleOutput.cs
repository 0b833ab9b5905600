namespace NMcs.Rules;

/// <summary>What a rule decided.</summary>
/// <param name="Amount">Amount to charge, unrounded; never negative.</param>
/// <param name="Explanation">One line for the invoice detail and disputes, e.g. "night data free 00:00–06:00".</param>
public sealed record RuleOutput(decimal Amount, string Explanation);
