// Roaming surcharge: adds surchargePerUnit per billable unit (per MB for data priced in MB) when the record was made
// on a visited network whose MCC (first 3 digits of VisitedNetwork, e.g. "234" in "234-15") differs from the
// home MCC. National roaming (same MCC) and home usage (no VisitedNetwork) are not surcharged.
//
// Parameters (optional, invariant culture):
//   homeMcc           the home country's MCC (default: none, so any visited network is surcharged)
//   surchargePerUnit  surcharge per billable unit (default "0.01")
//   services          comma-separated services the surcharge applies to (default "DATA")
// A VisitedNetwork without a 3-digit MCC is bad data: the rule throws, so the record is suspended with the reason
// instead of being rated wrongly.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NMcs.Rules;

namespace TariffRules;

public sealed class RoamingSurcharge : ITariffRule
{
    public RuleOutput Apply(RuleInput input)
    {
        var p = input.Parameters;
        var services = p.TryGetValue("services", out var s) && !string.IsNullOrWhiteSpace(s) ? s : "DATA";
        var applies = services
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(input.Usage.Service, StringComparer.OrdinalIgnoreCase);
        var visited = input.Usage.VisitedNetwork;
        if (!applies || string.IsNullOrWhiteSpace(visited))
        {
            return new RuleOutput(input.RatedAmount, "no roaming surcharge");
        }

        if (visited.Length < 3 || !visited.Take(3).All(char.IsAsciiDigit))
        {
            throw new FormatException($"visited network '{visited}' does not start with a 3-digit MCC");
        }

        var mcc = visited[..3];
        var homeMcc = p.TryGetValue("homeMcc", out var h) && !string.IsNullOrWhiteSpace(h) ? h.Trim() : null;
        if (mcc == homeMcc)
        {
            return new RuleOutput(input.RatedAmount, $"national roaming on {visited}: no surcharge");
        }

        var perUnit = p.TryGetValue("surchargePerUnit", out var u) && !string.IsNullOrWhiteSpace(u)
            ? decimal.Parse(u, NumberStyles.Number, CultureInfo.InvariantCulture)
            : 0.01m;
        if (perUnit < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(input), "surchargePerUnit must not be negative");
        }

        var surcharge = input.BillableUnits * perUnit;
        var c = CultureInfo.InvariantCulture;
        return new RuleOutput(
            input.RatedAmount + surcharge,
            string.Create(c, $"roaming surcharge on MCC {mcc}: {input.BillableUnits} {input.RateUnit} x {perUnit} = {surcharge}"));
    }

    private static RuleInput Record(string? visited, decimal mb, decimal rated, string service = "DATA", Dictionary<string, string>? parameters = null) => new(
        new UsageFacts("sample", service, mb * 1_000_000m, new DateTimeOffset(2025, 7, 1, 9, 0, 0, TimeSpan.Zero), new DateTime(2025, 7, 1, 11, 0, 0), visited, null),
        new AccountFacts("ACC-1", "EUR", 3),
        rated,
        mb,
        "MB",
        parameters ?? new Dictionary<string, string> { ["homeMcc"] = "262", ["surchargePerUnit"] = "0.05" });

    public IReadOnlyList<RuleSample> Samples { get; } =
    [
        // Home (no visited network): unchanged 2.00
        new("at home", Record(null, 100m, 2.00m), 2.00m),
        // UK network from a German SIM: 2.00 + 100 MB x 0.05 = 2.00 + 5.00 = 7.00
        new("roaming in 234", Record("234-15", 100m, 2.00m), 7.00m),
        // National roaming on another German network (same MCC 262): unchanged 2.00
        new("national roaming", Record("262-02", 100m, 2.00m), 2.00m),
        // SMS is not in the default services list: unchanged 0.10
        new("roaming SMS not surcharged", Record("234-15", 1m, 0.10m, "SMS"), 0.10m),
        // Defaults (no parameters): any visited network, 0.01 per MB: 0 + 12.5 MB x 0.01 = 0.125
        new("defaults", Record("310-260", 12.5m, 0m, parameters: new Dictionary<string, string>()), 0.125m),
    ];
}
