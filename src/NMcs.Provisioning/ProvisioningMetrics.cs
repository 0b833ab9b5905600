using Prometheus;

namespace NMcs.Provisioning;

/// <summary>The provisioning gateway's Prometheus metrics, labelled by element id only.</summary>
public static class ProvisioningMetrics
{
    /// <summary>Commands answered by the gateway, by element and outcome (succeeded, rejected, unknown).</summary>
    public static readonly Counter Commands = Metrics.CreateCounter(
        "nmcs_ne_commands_total",
        "Commands run on network elements through the provisioning gateway, by element and outcome (succeeded, rejected, unknown).",
        new CounterConfiguration { LabelNames = ["element", "outcome"] });

    /// <summary>Time from a command entering the gateway to its answer, retries and backoff included.</summary>
    public static readonly Histogram CommandDuration = Metrics.CreateHistogram(
        "nmcs_ne_command_duration_seconds",
        "Time to answer one network element command, retries and backoff included.",
        new HistogramConfiguration { LabelNames = ["element"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    /// <summary>Attempts repeated after a transport failure or timeout.</summary>
    public static readonly Counter Retries = Metrics.CreateCounter(
        "nmcs_ne_retries_total",
        "Network element command attempts repeated after a transport failure or timeout.",
        new CounterConfiguration { LabelNames = ["element"] });

    /// <summary>1 while an element's circuit is open (commands refused), 0 when closed or half-open.</summary>
    public static readonly Gauge CircuitOpen = Metrics.CreateGauge(
        "nmcs_ne_circuit_open",
        "1 while the circuit breaker of a network element is open and refuses commands, else 0.",
        new GaugeConfiguration { LabelNames = ["element"] });
}
