namespace NMcs.Rules;

/// <summary>What a rule is told about one usage record and its declarative rating.</summary>
/// <param name="Usage">The usage record.</param>
/// <param name="Account">The paying account.</param>
/// <param name="RatedAmount">Amount the declarative product charged, unrounded.</param>
/// <param name="BillableUnits">Units charged after allowances, in <paramref name="RateUnit"/>.</param>
/// <param name="RateUnit">Unit the product prices this service in (e.g. MB, MSG, S, KWH).</param>
/// <param name="Parameters">Rule parameters set on the product (e.g. "minSims" = "10").</param>
public sealed record RuleInput(
    UsageFacts Usage,
    AccountFacts Account,
    decimal RatedAmount,
    decimal BillableUnits,
    string RateUnit,
    IReadOnlyDictionary<string, string> Parameters);
