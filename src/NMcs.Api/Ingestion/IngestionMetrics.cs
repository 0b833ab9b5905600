using Prometheus;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Prometheus metrics of the ingestion pipeline. Labels are bounded: source kinds and outcomes are fixed sets, and
/// network element ids come from configuration only (never from what a client sends).
/// </summary>
public static class IngestionMetrics
{
    /// <summary>Records through the pipeline by source kind (push, file, reprocess) and outcome.</summary>
    public static readonly Counter Records = Metrics.CreateCounter(
        "nmcs_ingest_records_total",
        "Usage records through the ingestion pipeline, by source kind (push, file, reprocess) and outcome (rated, duplicate, rejected, suspended).",
        new CounterConfiguration { LabelNames = ["source_kind", "outcome"] });

    /// <summary>Batches (push requests, file parts, reprocessing runs) through the pipeline, by source kind.</summary>
    public static readonly Counter Batches = Metrics.CreateCounter(
        "nmcs_ingest_pipeline_batches_total",
        "Batches through the ingestion pipeline (push requests, file parts, reprocessing runs), by source kind.",
        new CounterConfiguration { LabelNames = ["source_kind"] });

    /// <summary>Pushed records by configured network element and outcome.</summary>
    public static readonly Counter NetworkElementRecords = Metrics.CreateCounter(
        "nmcs_ingest_network_element_records_total",
        "Usage records pushed by each configured network element, by outcome.",
        new CounterConfiguration { LabelNames = ["network_element", "outcome"] });

    /// <summary>Push requests refused as a whole (nothing recorded), by reason.</summary>
    public static readonly Counter Refused = Metrics.CreateCounter(
        "nmcs_ingest_refused_total",
        "Push requests refused as a whole, recording nothing, by reason (unauthorized, forbidden, too_large, busy, bad_request, unsupported).",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>Records held by ingestion now (bounded by NMcs:Ingestion:MaxRecordsInFlight).</summary>
    public static readonly Gauge RecordsInFlight = Metrics.CreateGauge(
        "nmcs_ingest_records_in_flight", "Usage records read by ingestion and not yet answered, over all requests.");

    /// <summary>Rejects stored for the first time (a re-sent reject updates its row and is not counted again).</summary>
    public static readonly Counter RejectsStored = Metrics.CreateCounter(
        "nmcs_ingest_rejects_stored_total", "Rejected usage records stored in the reject store for the first time.");
}
