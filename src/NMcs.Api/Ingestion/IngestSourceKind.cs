namespace NMcs.Api.Ingestion;

/// <summary>How records reached the pipeline.</summary>
public enum IngestSourceKind
{
    /// <summary>Pushed by a network element to <c>/ingest/usage</c>.</summary>
    Push = 0,

    /// <summary>Read from a CDR file by a collector.</summary>
    File = 1,

    /// <summary>Stored rejects run through the pipeline again (<c>reprocessRejectedUsage</c>).</summary>
    Reprocess = 2,
}
