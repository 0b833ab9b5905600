using System.Collections.Concurrent;

namespace NMcs.Grains;

/// <summary>
/// Per silo: the paying account of each SIM that has been rated here, so an ingest batch goes straight to the
/// accounts without asking every SIM grain first. A SIM's account never changes (a SIM is assigned once, out of
/// inventory), and the account grain — not this cache — decides which subscription rates a record: an entry only
/// says where to ask. When the account answers that it has no subscription for the SIM, the entry is dropped and
/// the SIM grain is asked again.
/// </summary>
public sealed class SimAccountCache
{
    private readonly ConcurrentDictionary<string, string> _accountBySim = new(StringComparer.Ordinal);

    /// <summary>Entries held.</summary>
    public int Count => _accountBySim.Count;

    /// <summary>The account last seen for <paramref name="iccid"/>.</summary>
    public bool TryGet(string iccid, out string accountId) => _accountBySim.TryGetValue(iccid, out accountId!);

    /// <summary>Remembers the SIM's account.</summary>
    public void Set(string iccid, string accountId) => _accountBySim[iccid] = string.IsInterned(accountId) ?? accountId;

    /// <summary>Forgets the SIM (its account did not know it).</summary>
    public void Remove(string iccid) => _accountBySim.TryRemove(iccid, out _);
}
