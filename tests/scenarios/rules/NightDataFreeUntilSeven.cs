// A candidate revision of plugins/NightDataFree.cs for what-if scenarios: the free night window ends at 07:00 local
// time instead of 06:00. Never deployed by the scenarios; compared with the deployed rule by whatIf(candidateRule:).
using System;
using System.Collections.Generic;
using NMcs.Rules;

namespace TariffRules;

public sealed class NightDataFree : ITariffRule
{
    public RuleOutput Apply(RuleInput input)
    {
        if (!string.Equals(input.Usage.Service, "DATA", StringComparison.OrdinalIgnoreCase))
        {
            return new RuleOutput(input.RatedAmount, "not data: standard rate");
        }

        var hour = input.Usage.LocalTime.Hour;
        return hour < 7
            ? new RuleOutput(0m, "night data free 00:00-07:00")
            : new RuleOutput(input.RatedAmount, "daytime data: standard rate");
    }

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private static RuleInput Data(int hour, decimal rated) => new(
        new UsageFacts("sample-" + hour, "DATA", 10_000_000m, new DateTimeOffset(2025, 3, 10, hour, 0, 0, TimeSpan.Zero), new DateTime(2025, 3, 10, hour, 0, 0), null, null),
        new AccountFacts("ACC-1", "EUR", 1),
        rated,
        10m,
        "MB",
        NoParameters);

    public IReadOnlyList<RuleSample> Samples { get; } =
    [
        new("06:00 is now free", Data(6, 1.50m), 0m),
        new("07:00 is paid", Data(7, 1.50m), 1.50m),
    ];
}
