// Utility tiered tariff for meter readings (service METER, rate unit KWH), graduated tiers:
//   first tier1Units kWh at tier1Price, the next tier2Units kWh at tier2Price, everything beyond at tier3Price.
// Defaults: first 100 kWh at 0.30, next 200 kWh at 0.25, the rest at 0.20.
//
// The tiers apply PER READING (per record), computed from BillableUnits: a reading of 350 kWh is priced
// 100 x 0.30 + 200 x 0.25 + 50 x 0.20 = 30 + 50 + 10 = 90.00. Tiers over a whole billing period need a counter across
// records and belong in the declarative catalog's graduated tiers, not in a per-record rule.
// Records of other services or units keep the declaratively rated amount.
//
// Parameters (optional, invariant culture): tier1Units, tier1Price, tier2Units, tier2Price, tier3Price.
using System;
using System.Collections.Generic;
using System.Globalization;
using NMcs.Rules;

namespace TariffRules;

public sealed class UtilityTieredTariff : ITariffRule
{
    public RuleOutput Apply(RuleInput input)
    {
        if (!string.Equals(input.Usage.Service, "METER", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(input.RateUnit, "KWH", StringComparison.OrdinalIgnoreCase))
        {
            return new RuleOutput(input.RatedAmount, "not a kWh meter reading: standard rate");
        }

        var p = input.Parameters;
        var tier1Units = Number(p, "tier1Units", 100m);
        var tier1Price = Number(p, "tier1Price", 0.30m);
        var tier2Units = Number(p, "tier2Units", 200m);
        var tier2Price = Number(p, "tier2Price", 0.25m);
        var tier3Price = Number(p, "tier3Price", 0.20m);

        var units = Math.Max(0m, input.BillableUnits);
        var inTier1 = Math.Min(units, tier1Units);
        var inTier2 = Math.Min(units - inTier1, tier2Units);
        var inTier3 = units - inTier1 - inTier2;
        var amount = inTier1 * tier1Price + inTier2 * tier2Price + inTier3 * tier3Price;
        var c = CultureInfo.InvariantCulture;
        return new RuleOutput(
            amount,
            string.Create(c, $"tiered per reading: {inTier1} kWh x {tier1Price} + {inTier2} kWh x {tier2Price} + {inTier3} kWh x {tier3Price}"));
    }

    private static decimal Number(IReadOnlyDictionary<string, string> parameters, string name, decimal fallback)
    {
        if (!parameters.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var value = decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
        if (value < 0m)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must not be negative");
        }

        return value;
    }

    private static RuleInput Reading(decimal kwh, string service = "METER", string unit = "KWH", decimal rated = 0m) => new(
        new UsageFacts("sample-" + kwh, service, kwh, new DateTimeOffset(2025, 1, 31, 23, 0, 0, TimeSpan.Zero), new DateTime(2025, 2, 1, 0, 0, 0), null, null),
        new AccountFacts("UTIL-1", "EUR", 1),
        rated,
        kwh,
        unit,
        new Dictionary<string, string>());

    public IReadOnlyList<RuleSample> Samples { get; } =
    [
        // 80 x 0.30 = 24.00
        new("80 kWh, first tier only", Reading(80m), 24.00m),
        // exactly at the first boundary: 100 x 0.30 = 30.00
        new("100 kWh, first tier full", Reading(100m), 30.00m),
        // one past: 100 x 0.30 + 1 x 0.25 = 30.25
        new("101 kWh, one into the second tier", Reading(101m), 30.25m),
        // 100 x 0.30 + 200 x 0.25 = 30 + 50 = 80.00
        new("300 kWh, second tier full", Reading(300m), 80.00m),
        // 100 x 0.30 + 200 x 0.25 + 50 x 0.20 = 30 + 50 + 10 = 90.00
        new("350 kWh, into the third tier", Reading(350m), 90.00m),
        // 0 kWh costs nothing
        new("0 kWh", Reading(0m), 0m),
        // another service keeps its rated amount
        new("DATA passes through", Reading(5m, "DATA", "MB", 1.23m), 1.23m),
    ];
}
