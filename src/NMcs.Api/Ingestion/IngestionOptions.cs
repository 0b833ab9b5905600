namespace NMcs.Api.Ingestion;

/// <summary>Configuration section <c>NMcs:Ingestion</c>: who may push usage, and how much may be in flight.</summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NMcs:Ingestion";

    /// <summary>
    /// Network elements allowed to push, each with its API key. When the list is empty, <c>/ingest/usage</c> is open to
    /// any client (the embedded default for a laptop); the host logs a warning at start.
    /// </summary>
    public List<NetworkElementOptions> NetworkElements { get; set; } = [];

    /// <summary>
    /// Most usage records held by ingestion at once, over all requests (parsed, waiting to be rated). A request that
    /// would go above it is answered 429 with Retry-After and records nothing.
    /// </summary>
    public int MaxRecordsInFlight { get; set; } = 200_000;

    /// <summary>Largest request body, compressed and after decompression, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 64L << 20;

    /// <summary>Seconds a client is asked to wait (Retry-After) when ingestion is at its in-flight bound.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}
