using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using NMcs.Abstractions.Grains;

namespace NMcs.Grains;

/// <summary>
/// Per silo: the paying account of each SIM that has been rated here, so an ingest batch goes straight to the
/// accounts without asking every SIM grain first. A SIM's account never changes (a SIM is assigned once, out of
/// inventory), and the account grain — not this cache — decides which subscription rates a record: an entry only
/// says where to ask. When the account answers that it has no subscription for the SIM, the entry is dropped and
/// the SIM grain is asked again.
/// </summary>
/// <remarks>
/// Entries hold the account's grain reference, one per account shared by its SIMs: resolving a reference from an
/// account id costs Orleans an interface-type lookup with type-name formatting, which on the ingest path was paid
/// once per account call.
/// </remarks>
public sealed class SimAccountCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, IAccountGrain> _accountBySim = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IAccountGrain> _accounts = new(StringComparer.Ordinal);

    /// <summary>Entries held.</summary>
    public int Count => _accountBySim.Count;

    /// <summary>The account last seen for <paramref name="iccid"/>.</summary>
    public bool TryGet(string iccid, [NotNullWhen(true)] out IAccountGrain? account) => _accountBySim.TryGetValue(iccid, out account);

    /// <summary>Remembers the SIM's account.</summary>
    public void Set(string iccid, string accountId) =>
        _accountBySim[iccid] = _accounts.GetOrAdd(accountId, static (id, factory) => factory.GetGrain<IAccountGrain>(id), grains);

    /// <summary>Forgets the SIM (its account did not know it).</summary>
    public void Remove(string iccid) => _accountBySim.TryRemove(iccid, out _);
}
