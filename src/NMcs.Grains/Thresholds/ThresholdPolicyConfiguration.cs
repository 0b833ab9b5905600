using System.Globalization;
using Microsoft.Extensions.Configuration;
using NMcs.Rating.Thresholds;

namespace NMcs.Grains.Thresholds;

/// <summary>Reads <see cref="ThresholdPolicy"/> from configuration section <c>NMcs:Thresholds</c>.</summary>
public static class ThresholdPolicyConfiguration
{
    /// <summary>Configuration key of the default allowance percentages.</summary>
    public const string AllowancePercentsKey = "NMcs:Thresholds:AllowancePercents";

    /// <summary>Configuration key of the warning percentage of credit and SIM charge limits.</summary>
    public const string WarningPercentKey = "NMcs:Thresholds:CreditLimitWarningPercent";

    /// <summary>
    /// <c>AllowancePercents</c>: an array (<c>[80, 100]</c> in JSON, <c>:0</c>, <c>:1</c> … keys) or one comma-separated
    /// value (<c>--NMcs:Thresholds:AllowancePercents=50,80,100</c>; empty for none), each above 0 and at most 100.
    /// <c>CreditLimitWarningPercent</c>: above 0 and below 100. Missing keys keep <see cref="ThresholdPolicy.Default"/>.
    /// </summary>
    public static ThresholdPolicy From(IConfiguration? configuration)
    {
        var policy = ThresholdPolicy.Default;
        if (configuration is null)
        {
            return policy;
        }

        var section = configuration.GetSection(AllowancePercentsKey);
        var texts = section.GetChildren().Any()
            ? section.GetChildren().Select(c => c.Value ?? string.Empty).ToList()
            : section.Value?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (texts is not null)
        {
            var percents = new List<decimal>();
            foreach (var text in texts)
            {
                if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var percent) || percent is <= 0 or > 100)
                {
                    throw new InvalidOperationException($"{AllowancePercentsKey} has '{text}'; list percentages above 0 and at most 100, e.g. 80,100 (empty for none).");
                }

                if (!percents.Contains(percent))
                {
                    percents.Add(percent);
                }
            }

            percents.Sort();
            policy = policy with { AllowancePercents = percents };
        }

        if (configuration[WarningPercentKey] is { } warningText)
        {
            if (!decimal.TryParse(warningText, NumberStyles.Number, CultureInfo.InvariantCulture, out var warning) || warning is <= 0 or >= 100)
            {
                throw new InvalidOperationException($"{WarningPercentKey} is '{warningText}'; set a percentage above 0 and below 100, e.g. 80 (100 % is always raised).");
            }

            policy = policy with { ChargeWarningPercent = warning };
        }

        return policy;
    }
}
