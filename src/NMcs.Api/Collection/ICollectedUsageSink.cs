using NMcs.Mediation;
using NMcs.Storage;

namespace NMcs.Api.Collection;

/// <summary>Where the file collector hands a file's records: the normalisation and rating pipeline.</summary>
public interface ICollectedUsageSink
{
    /// <summary>
    /// Validates, enriches, de-duplicates and rates <paramref name="usage"/>, stores <paramref name="rejects"/> (and any
    /// usage it refuses) in the reject store, and returns the outcome counts once everything is committed.
    /// </summary>
    Task<FileImportCounts> SubmitAsync(string fileName, IReadOnlyList<MediatedUsage> usage, IReadOnlyList<SourceReject> rejects, CancellationToken cancellationToken);
}
