using NMcs.Api.Ingestion;
using NMcs.Mediation.Collection;
using NMcs.Storage;

namespace NMcs.Api.Collection;

/// <summary>Hands a file's records to <see cref="UsageIngestionPipeline"/>, the same pipeline pushed usage goes through.</summary>
public sealed class PipelineUsageSink(UsageIngestionPipeline pipeline) : ICollectedUsageSink
{
    /// <inheritdoc />
    public async Task<FileImportCounts> SubmitAsync(string fileName, string batchId, IReadOnlyList<CdrFileItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var total = FileImportCounts.Zero;
        foreach (var part in items.Chunk(UsageIngestionPipeline.MaxRecords))
        {
            var candidates = part.Select(item => item.Usage is { } usage
                ? IngestCandidate.Of(usage)
                : new IngestCandidate(item.Reject!.Source.Position, item.Reject) { Raw = item.Reject.Raw }).ToList();
            var result = await pipeline.IngestAsync(new IngestSource(IngestSourceKind.File, fileName, batchId), candidates, cancellationToken);
            total = total.Add(new FileImportCounts(result.Received, result.Rated, result.Rejected, result.Duplicate, result.Suspended));
        }

        return total;
    }
}
