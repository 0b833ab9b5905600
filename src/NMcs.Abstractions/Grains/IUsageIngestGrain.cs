using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>
/// Ingestion front: a stateless worker that splits a batch per SIM and sends each SIM one call for all its records,
/// never one grain call per record.
/// </summary>
[Alias("nmcs.IUsageIngestGrain")]
public interface IUsageIngestGrain : IGrainWithIntegerKey
{
    /// <summary>Rates a batch; answers one outcome per record.</summary>
    [Alias("Ingest")]
    Task<IReadOnlyList<UsageOutcome>> Ingest(IReadOnlyList<UsageRecordIn> records);
}
