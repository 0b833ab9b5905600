using Prometheus;

namespace NMcs.Grains;

/// <summary>The platform's Prometheus metrics. Base units, <c>_total</c> counters, no per-SIM or per-account labels.</summary>
public static class NMcsMetrics
{
    /// <summary>Usage records answered by ingestion, by outcome (rated, duplicate, rejected).</summary>
    public static readonly Counter UsageRecords = Metrics.CreateCounter(
        "nmcs_usage_records_total",
        "Usage records received by ingestion, by outcome.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    /// <summary>Time of one rating call (a rating partition's share of a batch: the records of its accounts), ledger write included.</summary>
    public static readonly Histogram RatingDuration = Metrics.CreateHistogram(
        "nmcs_rating_duration_seconds",
        "Time to rate and durably record one rating partition's records of a batch (the records of many accounts).",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });

    /// <summary>Records suspended because their tariff rule failed.</summary>
    public static readonly Counter RatingSuspended = Metrics.CreateCounter(
        "nmcs_rating_suspended_total", "Usage records suspended because a tariff rule threw, overran its budget or is not deployed.");

    /// <summary>Tariff rule versions deployed (on this silo, including loads of versions deployed elsewhere).</summary>
    public static readonly Counter RulesLoaded = Metrics.CreateCounter(
        "nmcs_tariff_rules_loaded_total", "Tariff rule versions compiled and activated on this silo.");

    /// <summary>Invoices issued.</summary>
    public static readonly Counter InvoicesIssued = Metrics.CreateCounter(
        "nmcs_invoices_issued_total", "Invoices issued by bill runs.");

    /// <summary>Bill runs finished.</summary>
    public static readonly Counter BillRunsCompleted = Metrics.CreateCounter(
        "nmcs_bill_runs_completed_total", "Bill runs that went over all their payers.");

    /// <summary>Ingestion batches by transport.</summary>
    public static readonly Counter IngestBatches = Metrics.CreateCounter(
        "nmcs_ingest_batches_total", "Usage batches received.");

    /// <summary>Thresholds raised by rated usage, by kind (allowance_usage, credit_limit, sim_charge_limit).</summary>
    public static readonly Counter ThresholdEvents = Metrics.CreateCounter(
        "nmcs_threshold_events_total",
        "Threshold events raised by rated usage (allowance use, credit and SIM charge limits), by kind.",
        new CounterConfiguration { LabelNames = ["kind"] });

    /// <summary>Counts outcomes of one batch.</summary>
    public static void CountOutcomes(IEnumerable<NMcs.Abstractions.Contracts.UsageOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        int rated = 0, duplicate = 0, rejected = 0, suspended = 0;
        foreach (var outcome in outcomes)
        {
            switch (outcome.Status)
            {
                case NMcs.Abstractions.Contracts.UsageOutcomeStatus.Rated: rated++; break;
                case NMcs.Abstractions.Contracts.UsageOutcomeStatus.Duplicate: duplicate++; break;
                case NMcs.Abstractions.Contracts.UsageOutcomeStatus.Suspended: suspended++; break;
                default: rejected++; break;
            }
        }

        UsageRecords.WithLabels("rated").Inc(rated);
        UsageRecords.WithLabels("duplicate").Inc(duplicate);
        UsageRecords.WithLabels("rejected").Inc(rejected);
        UsageRecords.WithLabels("suspended").Inc(suspended);
    }
}
