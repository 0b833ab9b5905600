using System.Globalization;
using Microsoft.Extensions.Configuration;
using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Orders;

/// <summary>
/// Lifecycle and order settings, from configuration section <c>NMcs:Sim</c> and <c>NMcs:Orders</c>: the free test
/// quota of TEST_READY SIMs (used up when any one of its parts is reached), the state a SIM moves to when it is used,
/// and how many items of a bulk order run at once.
/// </summary>
/// <param name="TestDataBytes">Data allowed in TEST_READY, in bytes (<c>NMcs:Sim:TestQuota:DataMb</c>, binary MB; default 1).</param>
/// <param name="TestSms">SMS allowed (<c>NMcs:Sim:TestQuota:Sms</c>; default 10).</param>
/// <param name="TestVoiceSeconds">Voice seconds allowed (<c>NMcs:Sim:TestQuota:VoiceSeconds</c>; default 60).</param>
/// <param name="AfterTest">ActivationReady (default) or Activated (<c>NMcs:Sim:AfterTest</c>); Activated needs the SIM's customer and test product.</param>
/// <param name="OrderConcurrency">Items of one order run at once (<c>NMcs:Orders:Concurrency</c>; default 16).</param>
public sealed record SimLifecycleOptions(decimal TestDataBytes, decimal TestSms, decimal TestVoiceSeconds, SimStatus AfterTest, int OrderConcurrency)
{
    /// <summary>Bytes in a binary megabyte.</summary>
    public const decimal BytesPerMb = 1_048_576m;

    /// <summary>1 MB, 10 SMS, 60 voice seconds; then ACTIVATION_READY; 16 items at once.</summary>
    public static SimLifecycleOptions Default { get; } = new(BytesPerMb, 10m, 60m, SimStatus.ActivationReady, 16);

    /// <summary>Reads the settings; missing keys keep <see cref="Default"/>, wrong values stop the start with the key and the fix.</summary>
    public static SimLifecycleOptions From(IConfiguration? configuration)
    {
        var options = Default;
        if (configuration is null)
        {
            return options;
        }

        if (Number(configuration, "NMcs:Sim:TestQuota:DataMb") is { } mb)
        {
            options = options with { TestDataBytes = mb * BytesPerMb };
        }

        if (Number(configuration, "NMcs:Sim:TestQuota:Sms") is { } sms)
        {
            options = options with { TestSms = sms };
        }

        if (Number(configuration, "NMcs:Sim:TestQuota:VoiceSeconds") is { } seconds)
        {
            options = options with { TestVoiceSeconds = seconds };
        }

        if (configuration["NMcs:Sim:AfterTest"] is { } after)
        {
            options = options with
            {
                AfterTest = after.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
                {
                    "ACTIVATIONREADY" => SimStatus.ActivationReady,
                    "ACTIVATED" => SimStatus.Activated,
                    _ => throw new InvalidOperationException($"NMcs:Sim:AfterTest is '{after}'; set ActivationReady or Activated."),
                },
            };
        }

        if (Number(configuration, "NMcs:Orders:Concurrency") is { } concurrency)
        {
            if (concurrency is < 1 or > 256 || concurrency != decimal.Truncate(concurrency))
            {
                throw new InvalidOperationException($"NMcs:Orders:Concurrency is {concurrency}; set a whole number from 1 to 256.");
            }

            options = options with { OrderConcurrency = (int)concurrency };
        }

        return options;
    }

    private static decimal? Number(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { } text)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new InvalidOperationException($"{key} is '{text}'; set a number of at least 0.");
        }

        return value;
    }
}
