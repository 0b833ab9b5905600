using Microsoft.Extensions.Logging;
using NMcs.Provisioning.Contracts;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace NMcs.Provisioning;

/// <summary>
/// One configured element inside the gateway: its adapter and its resilience pipeline — retries with exponential
/// backoff and jitter (outermost), the circuit breaker, and the per-attempt timeout (innermost, so each attempt gets
/// the full <see cref="NetworkElementOptions.CommandTimeout"/> and every timeout counts for the breaker).
/// </summary>
internal sealed class NetworkElement
{
    public NetworkElement(NetworkElementOptions options, INetworkElementAdapter adapter, TimeProvider timeProvider, ILogger logger)
    {
        Options = options;
        Adapter = adapter;
        Pipeline = Build(options, timeProvider, logger);
    }

    public NetworkElementOptions Options { get; }

    public string Id => Options.Id;

    public INetworkElementAdapter Adapter { get; }

    public ResiliencePipeline Pipeline { get; }

    private static ResiliencePipeline Build(NetworkElementOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var id = options.Id;
        var transportFailure = new PredicateBuilder().Handle<NeTransportException>().Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder { Name = "nmcs-ne", InstanceName = id, TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transportFailure,
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    ProvisioningMetrics.Retries.WithLabels(id).Inc();
                    logger.LogDebug(
                        "Retrying on {Element} after {Delay} (retry {Retry}): {Error}",
                        id,
                        args.RetryDelay,
                        args.AttemptNumber + 1,
                        args.Outcome.Exception?.Message);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transportFailure,
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            OnOpened = args =>
            {
                ProvisioningMetrics.CircuitOpen.WithLabels(id).Set(1);
                logger.LogWarning("Circuit of network element {Element} opened for {BreakDuration}: {Error}", id, args.BreakDuration, args.Outcome.Exception?.Message);
                return default;
            },
            OnHalfOpened = _ =>
            {
                ProvisioningMetrics.CircuitOpen.WithLabels(id).Set(0);
                return default;
            },
            OnClosed = _ =>
            {
                ProvisioningMetrics.CircuitOpen.WithLabels(id).Set(0);
                logger.LogInformation("Circuit of network element {Element} closed", id);
                return default;
            },
        });
        builder.AddTimeout(options.CommandTimeout);
        return builder.Build();
    }
}
