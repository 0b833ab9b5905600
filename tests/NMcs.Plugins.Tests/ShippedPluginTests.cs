using NMcs.Rules;

namespace NMcs.Plugins.Tests;

/// <summary>The rules in plugins/, compiled from their files exactly as the folder watcher deploys them.</summary>
public sealed class ShippedPluginTests : IDisposable
{
    private readonly RuleRunner _runner = TestRules.FastRunner();
    private readonly TariffRuleRegistry _registry;

    public ShippedPluginTests() => _registry = new TariffRuleRegistry(runner: _runner);

    public void Dispose()
    {
        _registry.Dispose();
        _runner.Dispose();
    }

    private CompiledRule Deploy(string fileName)
    {
        var result = _registry.DeploySource(TestRules.ReadPlugin(fileName), fileName);
        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Name);
        return _registry.Get(result.Name!)!;
    }

    private static decimal Amount(CompiledRule rule, RuleInput input)
    {
        var result = rule.Apply(input);
        Assert.True(result.Succeeded, result.FailureReason);
        return result.Output!.Amount;
    }

    private static Dictionary<string, string> P(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Plugins_folder_ships_at_least_four_rules_that_all_deploy()
    {
        var files = Directory.GetFiles(TestRules.PluginsFolder, "*.cs").Select(Path.GetFileName).ToList();

        Assert.True(files.Count >= 4, $"plugins/ has {files.Count} rules");
        foreach (var file in files)
        {
            var result = _registry.DeploySource(TestRules.ReadPlugin(file!), file!);
            Assert.True(result.Succeeded, $"{file}: {result.Summary}");
            Assert.True(_registry.Get(result.Name!)!.Samples.Count >= 3, $"{file} declares fewer than 3 samples");
        }
    }

    [Fact]
    public void NightDataFree_charges_nothing_for_data_between_midnight_and_six()
    {
        var rule = Deploy("NightDataFree.cs");

        // 02:30 local is inside 00:00-05:59: 3.20 -> 0
        Assert.Equal(0m, Amount(rule, TestRules.Input(rated: 3.20m, local: new DateTime(2025, 5, 5, 2, 30, 0))));
        // 05:59:59 is still free
        Assert.Equal(0m, Amount(rule, TestRules.Input(rated: 3.20m, local: new DateTime(2025, 5, 5, 5, 59, 59))));
        // 06:00:00 is paid again: 3.20 stays 3.20
        Assert.Equal(3.20m, Amount(rule, TestRules.Input(rated: 3.20m, local: new DateTime(2025, 5, 5, 6, 0, 0))));
        // 23:59 is paid
        Assert.Equal(3.20m, Amount(rule, TestRules.Input(rated: 3.20m, local: new DateTime(2025, 5, 5, 23, 59, 0))));
        // voice at 01:00 is not data: 0.50 stays 0.50
        Assert.Equal(0.50m, Amount(rule, TestRules.Input(rated: 0.50m, service: "VOICE", unit: "S", local: new DateTime(2025, 5, 5, 1, 0, 0))));
        // a window over midnight 22-06: 23:00 free, 21:59 paid
        var overMidnight = P(("startHour", "22"), ("endHour", "6"));
        Assert.Equal(0m, Amount(rule, TestRules.Input(rated: 1m, local: new DateTime(2025, 5, 5, 23, 0, 0), parameters: overMidnight)));
        Assert.Equal(1m, Amount(rule, TestRules.Input(rated: 1m, local: new DateTime(2025, 5, 5, 21, 59, 0), parameters: overMidnight)));
        // a broken parameter suspends the record with the reason
        var broken = rule.Apply(TestRules.Input(local: new DateTime(2025, 5, 5, 2, 0, 0), parameters: P(("startHour", "midnight"))));
        Assert.Equal(RuleCallStatus.Threw, broken.Status);
        Assert.Contains("FormatException", broken.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void VolumeDiscount_applies_once_the_account_has_more_than_minSims()
    {
        var rule = Deploy("VolumeDiscount.cs");

        // defaults: >10 SIMs, 10 %: 11 SIMs, 100.00 * 0.90 = 90.00
        Assert.Equal(90.00m, Amount(rule, TestRules.Input(rated: 100.00m, activeSims: 11)));
        // 10 SIMs is not more than 10: 100.00
        Assert.Equal(100.00m, Amount(rule, TestRules.Input(rated: 100.00m, activeSims: 10)));
        // minSims=5, percent=25: 6 SIMs, 12.40 * 0.75 = 9.30
        var p = P(("minSims", "5"), ("percent", "25"));
        Assert.Equal(9.30m, Amount(rule, TestRules.Input(rated: 12.40m, activeSims: 6, parameters: p)));
        // 0.01 * 0.75 = 0.0075: left unrounded for the engine to round per line
        Assert.Equal(0.0075m, Amount(rule, TestRules.Input(rated: 0.01m, activeSims: 6, parameters: p)));
        // percent out of range is refused per record
        Assert.Equal(RuleCallStatus.Threw, rule.Apply(TestRules.Input(activeSims: 50, parameters: P(("percent", "150")))).Status);
    }

    [Fact]
    public void UtilityTieredTariff_prices_each_reading_in_graduated_tiers()
    {
        var rule = Deploy("UtilityTieredTariff.cs");
        RuleInput Meter(decimal kwh, Dictionary<string, string>? p = null) =>
            TestRules.Input(rated: 0m, units: kwh, service: "METER", unit: "KWH", parameters: p);

        // 250: 100 x 0.30 + 150 x 0.25 = 30 + 37.50 = 67.50
        Assert.Equal(67.50m, Amount(rule, Meter(250m)));
        // 1000: 100 x 0.30 + 200 x 0.25 + 700 x 0.20 = 30 + 50 + 140 = 220.00
        Assert.Equal(220.00m, Amount(rule, Meter(1000m)));
        // 100.5: 100 x 0.30 + 0.5 x 0.25 = 30 + 0.125 = 30.125
        Assert.Equal(30.125m, Amount(rule, Meter(100.5m)));
        // 300 exactly fills tier 2: 30 + 50 = 80.00; 301: 80 + 1 x 0.20 = 80.20
        Assert.Equal(80.00m, Amount(rule, Meter(300m)));
        Assert.Equal(80.20m, Amount(rule, Meter(301m)));
        // custom tiers 50 @ 0.40, 50 @ 0.30, rest @ 0.10: 120 -> 20 + 15 + 2 = 37.00
        var custom = P(("tier1Units", "50"), ("tier1Price", "0.40"), ("tier2Units", "50"), ("tier2Price", "0.30"), ("tier3Price", "0.10"));
        Assert.Equal(37.00m, Amount(rule, Meter(120m, custom)));
        // not a meter reading: the rated 4.56 stays
        Assert.Equal(4.56m, Amount(rule, TestRules.Input(rated: 4.56m, units: 10m)));
    }

    [Fact]
    public void RoamingSurcharge_adds_a_per_unit_surcharge_outside_the_home_country()
    {
        var rule = Deploy("RoamingSurcharge.cs");
        var german = P(("homeMcc", "262"), ("surchargePerUnit", "0.02"));

        // France 208-01, 250 MB: 5.00 + 250 x 0.02 = 5.00 + 5.00 = 10.00
        Assert.Equal(10.00m, Amount(rule, TestRules.Input(rated: 5.00m, units: 250m, visited: "208-01", parameters: german)));
        // German network written without a dash (26203): national, unchanged 5.00
        Assert.Equal(5.00m, Amount(rule, TestRules.Input(rated: 5.00m, units: 250m, visited: "26203", parameters: german)));
        // at home: unchanged
        Assert.Equal(5.00m, Amount(rule, TestRules.Input(rated: 5.00m, units: 250m, visited: null, parameters: german)));
        // defaults (0.01 per MB, any visited network): 1.00 + 40 x 0.01 = 1.40
        Assert.Equal(1.40m, Amount(rule, TestRules.Input(rated: 1.00m, units: 40m, visited: "310-260")));
        // voice only when listed: 10 min on 234-15 at 0.05 -> 2.00 + 0.50 = 2.50
        var voice = P(("homeMcc", "262"), ("surchargePerUnit", "0.05"), ("services", "DATA, VOICE"));
        Assert.Equal(2.50m, Amount(rule, TestRules.Input(rated: 2.00m, units: 10m, service: "VOICE", unit: "MIN", visited: "234-15", parameters: voice)));
        // a visited network without an MCC is bad data: suspended with the reason
        var bad = rule.Apply(TestRules.Input(visited: "ab-01", parameters: german));
        Assert.Equal(RuleCallStatus.Threw, bad.Status);
        Assert.Contains("does not start with a 3-digit MCC", bad.FailureReason, StringComparison.Ordinal);
    }
}
