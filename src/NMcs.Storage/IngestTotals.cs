namespace NMcs.Storage;

/// <summary>Reconciliation totals of the batches of one source (or of all sources) in a time range.</summary>
/// <param name="SourceKind">push, file or reprocess; null for the sum over all kinds.</param>
/// <param name="SourceName">The source; null for the sum over all sources.</param>
/// <param name="Batches">Batches.</param>
/// <param name="Received">Records received.</param>
/// <param name="Rated">Records rated.</param>
/// <param name="Duplicate">Duplicate records.</param>
/// <param name="Rejected">Rejected records.</param>
/// <param name="Suspended">Suspended records.</param>
public sealed record IngestTotals(string? SourceKind, string? SourceName, long Batches, long Received, long Rated, long Duplicate, long Rejected, long Suspended)
{
    /// <summary>Received records not accounted for by an outcome; 0 when the books balance.</summary>
    public long Unaccounted => Received - Rated - Duplicate - Rejected - Suspended;
}
