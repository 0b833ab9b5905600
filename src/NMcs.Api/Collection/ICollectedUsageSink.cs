using NMcs.Mediation.Collection;
using NMcs.Storage;

namespace NMcs.Api.Collection;

/// <summary>Where the file collector hands a file's records: the normalisation and rating pipeline.</summary>
public interface ICollectedUsageSink
{
    /// <summary>
    /// Validates, enriches, de-duplicates and rates the usage among <paramref name="items"/>, stores the rejects (and
    /// any usage it refuses) in the reject store under <paramref name="fileName"/>, adds the counts to the
    /// reconciliation batch <paramref name="batchId"/>, and returns the outcome counts once everything is committed.
    /// </summary>
    Task<FileImportCounts> SubmitAsync(string fileName, string batchId, IReadOnlyList<CdrFileItem> items, CancellationToken cancellationToken);
}
