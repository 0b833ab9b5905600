using NMcs.Storage;

namespace NMcs.Api.Ingestion;

/// <summary>What a reprocessing run did.</summary>
/// <param name="Batch">The run as a reconciled batch (source kind reprocess).</param>
/// <param name="Rejects">The rejects it took, as they stand after the run.</param>
public sealed record ReprocessResult(IngestBatch Batch, IReadOnlyList<RejectedUsage> Rejects);
