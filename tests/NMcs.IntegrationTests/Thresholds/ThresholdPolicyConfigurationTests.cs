using Microsoft.Extensions.Configuration;
using NMcs.Grains.Thresholds;
using NMcs.Rating.Thresholds;

namespace NMcs.IntegrationTests.Thresholds;

/// <summary><c>NMcs:Thresholds</c> as JSON arrays, command-line lists and bad values that stop the platform at start.</summary>
public sealed class ThresholdPolicyConfigurationTests
{
    private static ThresholdPolicy Read(params (string Key, string Value)[] settings) =>
        ThresholdPolicyConfiguration.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Nothing_configured_keeps_80_and_100_percent_and_an_80_percent_warning()
    {
        var policy = Read();

        Assert.Equal([80m, 100m], policy.AllowancePercents);
        Assert.Equal(80m, policy.ChargeWarningPercent);
    }

    [Fact]
    public void Percentages_come_as_an_array_or_as_one_comma_separated_value_and_are_sorted()
    {
        var array = Read(("NMcs:Thresholds:AllowancePercents:0", "100"), ("NMcs:Thresholds:AllowancePercents:1", "50"));
        var list = Read(("NMcs:Thresholds:AllowancePercents", "90, 75.5"), ("NMcs:Thresholds:CreditLimitWarningPercent", "95"));

        Assert.Equal([50m, 100m], array.AllowancePercents);
        Assert.Equal([75.5m, 90m], list.AllowancePercents);
        Assert.Equal(95m, list.ChargeWarningPercent);
    }

    [Fact]
    public void An_empty_value_turns_the_allowance_default_off()
    {
        Assert.Empty(Read(("NMcs:Thresholds:AllowancePercents", "")).AllowancePercents);
    }

    [Theory]
    [InlineData("NMcs:Thresholds:AllowancePercents", "80,120", "NMcs:Thresholds:AllowancePercents has '120'")]
    [InlineData("NMcs:Thresholds:AllowancePercents", "eighty", "NMcs:Thresholds:AllowancePercents has 'eighty'")]
    [InlineData("NMcs:Thresholds:CreditLimitWarningPercent", "100", "NMcs:Thresholds:CreditLimitWarningPercent is '100'")]
    [InlineData("NMcs:Thresholds:CreditLimitWarningPercent", "0", "NMcs:Thresholds:CreditLimitWarningPercent is '0'")]
    public void A_bad_value_is_refused_naming_the_key_and_the_fix(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
