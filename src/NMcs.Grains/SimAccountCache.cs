using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using NMcs.Abstractions.Grains;

namespace NMcs.Grains;

/// <summary>
/// Per silo: the paying account of each SIM that has been rated here, so an ingest batch goes straight to the
/// accounts' rating partitions without asking every SIM grain first. A SIM's account never changes (a SIM is assigned
/// once, out of inventory), and the rating partition — not this cache — decides which subscription rates a record: an
/// entry only says where to ask. When the partition answers that the account has no subscription for the SIM, the
/// entry is dropped and the SIM grain is asked again.
/// </summary>
/// <remarks>
/// Entries share one string per account id, and the partitions' grain references are resolved once: resolving a
/// reference costs Orleans an interface-type lookup with type-name formatting.
/// </remarks>
public sealed class SimAccountCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, string> _accountBySim = new(StringComparer.Ordinal);
    private readonly SharedInstances<string> _accounts = new(int.MaxValue, StringComparer.Ordinal);
    private readonly IRatingPartitionGrain[] _partitions =
        [.. Enumerable.Range(0, RatingPartitions.Count).Select(i => grains.GetGrain<IRatingPartitionGrain>(i))];

    /// <summary>Entries held.</summary>
    public int Count => _accountBySim.Count;

    /// <summary>The account last seen for <paramref name="iccid"/>.</summary>
    public bool TryGet(string iccid, [NotNullWhen(true)] out string? accountId) => _accountBySim.TryGetValue(iccid, out accountId);

    /// <summary>Remembers the SIM's account.</summary>
    public void Set(string iccid, string accountId) => _accountBySim[iccid] = _accounts.Get(accountId);

    /// <summary>Forgets the SIM (its account did not know it).</summary>
    public void Remove(string iccid) => _accountBySim.TryRemove(iccid, out _);

    /// <summary>Rating partition number <paramref name="partition"/> (see <see cref="RatingPartitions.Of"/>).</summary>
    public IRatingPartitionGrain Partition(int partition) => _partitions[partition];
}
