namespace NMcs.Rules;

/// <summary>An example a rule must reproduce before publication.</summary>
/// <param name="Name">Short name shown when the sample fails.</param>
/// <param name="Input">Input to the rule.</param>
/// <param name="ExpectedAmount">Amount the rule must return for it.</param>
public sealed record RuleSample(string Name, RuleInput Input, decimal ExpectedAmount);
