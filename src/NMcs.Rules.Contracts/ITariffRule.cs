namespace NMcs.Rules;

/// <summary>
/// A custom tariff rule written in C# by a product manager and compiled at run time. The engine rates a record
/// declaratively first, then hands the result to the rule, which returns the amount to charge and why.
/// </summary>
/// <remarks>
/// Rules see only these host-defined types: no Orleans, storage or network types, so a rule can be compiled
/// against this one small assembly and unloaded again.
/// </remarks>
public interface ITariffRule
{
    /// <summary>Adjusts (or replaces) the declarative charge of one usage record.</summary>
    RuleOutput Apply(RuleInput input);

    /// <summary>
    /// Examples the rule must reproduce before it can be published: each input with the amount expected. A rule
    /// with no samples cannot be published.
    /// </summary>
    IReadOnlyList<RuleSample> Samples { get; }
}
