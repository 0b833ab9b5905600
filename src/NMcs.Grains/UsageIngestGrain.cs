using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using Orleans.Concurrency;

namespace NMcs.Grains;

/// <summary>
/// Ingestion front: splits a batch by SIM and makes one call per SIM for all of its records, in parallel. Stateless,
/// so every silo runs as many as it needs locally.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UsageIngestGrain : Grain, IUsageIngestGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> Ingest(IReadOnlyList<UsageRecordIn> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var calls = records
            .GroupBy(r => r.Iccid, StringComparer.Ordinal)
            .Select(group => GrainFactory.GetGrain<ISimGrain>(group.Key).RateUsage(group.ToList()));
        var results = await Task.WhenAll(calls);
        return results.SelectMany(r => r).OrderBy(o => o.Index).ToList();
    }
}
