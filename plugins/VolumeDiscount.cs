// Volume discount: once an account has more than "minSims" active SIMs, every rated amount is reduced by "percent".
//
// Parameters (optional, invariant culture):
//   minSims  the discount applies when Account.ActiveSims is strictly greater than this (default "10")
//   percent  discount in percent, 0-100 (default "10")
// The result is left unrounded; the rating engine rounds per line.
using System;
using System.Collections.Generic;
using System.Globalization;
using NMcs.Rules;

namespace TariffRules;

public sealed class VolumeDiscount : ITariffRule
{
    public RuleOutput Apply(RuleInput input)
    {
        var minSims = input.Parameters.TryGetValue("minSims", out var m) && !string.IsNullOrWhiteSpace(m)
            ? int.Parse(m, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 10;
        var percent = input.Parameters.TryGetValue("percent", out var p) && !string.IsNullOrWhiteSpace(p)
            ? decimal.Parse(p, NumberStyles.Number, CultureInfo.InvariantCulture)
            : 10m;
        if (percent < 0m || percent > 100m)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"percent must be 0-100, got {percent.ToString(CultureInfo.InvariantCulture)}");
        }

        var sims = input.Account.ActiveSims;
        if (sims <= minSims)
        {
            return new RuleOutput(input.RatedAmount, $"no volume discount ({sims} active SIMs, needs more than {minSims})");
        }

        var amount = input.RatedAmount * (100m - percent) / 100m;
        return new RuleOutput(
            amount,
            $"volume discount {percent.ToString(CultureInfo.InvariantCulture)}% ({sims} active SIMs > {minSims})");
    }

    private static RuleInput Rated(decimal amount, int activeSims, Dictionary<string, string> parameters) => new(
        new UsageFacts("sample", "DATA", 1_000_000m, new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero), new DateTime(2025, 3, 10, 13, 0, 0), null, null),
        new AccountFacts("ACC-1", "EUR", activeSims),
        amount,
        1m,
        "MB",
        parameters);

    public IReadOnlyList<RuleSample> Samples { get; } =
    [
        // Defaults: more than 10 SIMs -> 10 % off. 11 SIMs: 20.00 * 0.90 = 18.00.
        new("11 SIMs, defaults", Rated(20.00m, 11, new()), 18.00m),
        // Exactly 10 SIMs is not more than 10: no discount.
        new("10 SIMs, defaults", Rated(20.00m, 10, new()), 20.00m),
        // minSims=100, percent=12.5, 101 SIMs: 8.00 * 0.875 = 7.00.
        new("101 SIMs, 12.5 %", Rated(8.00m, 101, new() { ["minSims"] = "100", ["percent"] = "12.5" }), 7.00m),
        // Same parameters, 100 SIMs: unchanged.
        new("100 SIMs, 12.5 %", Rated(8.00m, 100, new() { ["minSims"] = "100", ["percent"] = "12.5" }), 8.00m),
    ];
}
