// Night-time data is free: DATA records whose local time (the account's time zone) falls in 00:00-05:59 cost
// nothing; every other record keeps the amount the declarative product rated.
//
// Parameters (optional, whole hours 0-24 in local time):
//   startHour  first free hour, inclusive (default "0")
//   endHour    first paid hour again, exclusive (default "6")
// A window that wraps midnight is allowed, e.g. startHour=22, endHour=6.
using System;
using System.Collections.Generic;
using System.Globalization;
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

        var start = Hour(input.Parameters, "startHour", 0);
        var end = Hour(input.Parameters, "endHour", 6);
        var hour = input.Usage.LocalTime.Hour;
        var free = start <= end ? hour >= start && hour < end : hour >= start || hour < end;
        return free
            ? new RuleOutput(0m, $"night data free {start:00}:00-{end:00}:00")
            : new RuleOutput(input.RatedAmount, "daytime data: standard rate");
    }

    private static int Hour(IReadOnlyDictionary<string, string> parameters, string name, int fallback)
    {
        if (!parameters.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var hour = int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (hour < 0 || hour > 24)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be 0-24, got {hour}");
        }

        return hour;
    }

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private static RuleInput Data(int hour, int minute, decimal rated, string service = "DATA") => new(
        new UsageFacts(
            "sample-" + hour + minute,
            service,
            10_000_000m,
            new DateTimeOffset(2025, 3, 10, hour, minute, 0, TimeSpan.Zero),
            new DateTime(2025, 3, 10, hour, minute, 0),
            null,
            null),
        new AccountFacts("ACC-1", "EUR", 5),
        rated,
        10m,
        "MB",
        NoParameters);

    public IReadOnlyList<RuleSample> Samples { get; } =
    [
        new("midnight is free", Data(0, 0, 1.50m), 0m),
        new("05:59 is free", Data(5, 59, 1.50m), 0m),
        new("06:00 is paid", Data(6, 0, 1.50m), 1.50m),
        new("noon is paid", Data(12, 0, 0.75m), 0.75m),
        new("night SMS is paid", Data(3, 0, 0.09m, "SMS"), 0.09m),
    ];
}
