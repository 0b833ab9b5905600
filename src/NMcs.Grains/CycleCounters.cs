using System.Globalization;
using System.Text;
using NMcs.Catalog.Model;
using NMcs.Rating.Engine;

namespace NMcs.Grains;

/// <summary>
/// The rating counters of one account in one billing cycle: allowance used and cumulative tier quantity, per
/// subscription (keyed by ICCID) and for the account (pooled allowances, account-wide tiers). Rebuilt from the
/// ledger's per-record deltas, so the ledger stays the only record.
/// </summary>
internal sealed class CycleCounters(string cycleKey)
{
    private const string AccountKey = "";

    // Per scope (the account, or a SIM's ICCID) its few counters in a small array: a SIM has one or two, so a
    // dictionary per SIM would cost several times the memory (every active SIM of a silo keeps its entry).
    private readonly Dictionary<string, CycleCounter[]> _byScope = new(StringComparer.Ordinal);

    public string CycleKey => cycleKey;

    /// <summary>Counters the engine sees for a record of <paramref name="iccid"/>: its own plus the account's.</summary>
    public RatingCounters For(string iccid)
    {
        _byScope.TryGetValue(AccountKey, out var account);
        _byScope.TryGetValue(iccid, out var own);
        return new RatingCounters(cycleKey, CounterView.Of(CounterKind.AllowanceUsed, account, own), CounterView.Of(CounterKind.ChargeQuantity, account, own));
    }

    /// <summary>Adds a record's deltas.</summary>
    public void Apply(string iccid, IEnumerable<CounterDelta> deltas)
    {
        foreach (var delta in deltas)
        {
            var scope = delta.Scope == CounterScope.Account ? AccountKey : iccid;
            _byScope.TryGetValue(scope, out var counters);
            var at = Find(counters, delta.Kind, delta.Id);
            if (at >= 0)
            {
                counters![at].Value += delta.Quantity;
                continue;
            }

            var grown = new CycleCounter[(counters?.Length ?? 0) + 1];
            counters?.CopyTo(grown, 0);
            grown[^1] = new CycleCounter { Kind = delta.Kind, Id = delta.Id, Value = delta.Quantity };
            _byScope[scope] = grown;
        }
    }

    private static int Find(CycleCounter[]? counters, CounterKind kind, string id)
    {
        for (var i = 0; i < (counters?.Length ?? 0); i++)
        {
            if (counters![i].Kind == kind && counters[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Adds deltas read back from the ledger.</summary>
    public void Apply(string iccid, string encoded) => Apply(iccid, Decode(encoded, cycleKey));

    /// <summary>Writes deltas compactly for the ledger: <c>kind scope id quantity</c> per line.</summary>
    public static string Encode(IReadOnlyList<CounterDelta> deltas)
    {
        if (deltas.Count == 0)
        {
            return string.Empty;
        }

        // One builder per thread, reused: every rated record is encoded, and only the string is kept.
        var text = _threadText ??= new StringBuilder(128);
        text.Clear();
        foreach (var delta in deltas)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(delta.Kind == CounterKind.AllowanceUsed ? 'A' : 'C')}{(delta.Scope == CounterScope.Account ? 'a' : 's')} {delta.Quantity} {delta.Id}\n");
        }

        return text.ToString();
    }

    [ThreadStatic]
    private static StringBuilder? _threadText;

    internal static IEnumerable<CounterDelta> Decode(string encoded, string cycleKey)
    {
        foreach (var line in encoded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "As 1048576 DATA-ALLOWANCE": kind, scope, quantity, then the id (which may contain spaces).
            var space = line.IndexOf(' ', 3);
            yield return new CounterDelta(
                line[0] == 'A' ? CounterKind.AllowanceUsed : CounterKind.ChargeQuantity,
                line[(space + 1)..],
                line[1] == 'a' ? CounterScope.Account : CounterScope.Subscription,
                cycleKey,
                decimal.Parse(line[3..space], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>One counter of a scope: its kind, allowance or charge id, and the quantity so far.</summary>
internal struct CycleCounter
{
    public CounterKind Kind;
    public string Id;
    public decimal Value;
}

/// <summary>
/// The counters of one kind a record sees (the account's plus its SIM's, summed by id), as the read-only map the
/// engine takes: a few entries in arrays, searched linearly, instead of a dictionary built for every record.
/// </summary>
internal sealed class CounterView : IReadOnlyDictionary<string, decimal>
{
    private static readonly CounterView None = new([], []);
    private readonly string[] _ids;
    private readonly decimal[] _values;

    private CounterView(string[] ids, decimal[] values)
    {
        _ids = ids;
        _values = values;
    }

    public int Count => _ids.Length;

    public IEnumerable<string> Keys => _ids;

    public IEnumerable<decimal> Values => _values;

    public decimal this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no counter {key}.");

    public static CounterView Of(CounterKind kind, CycleCounter[]? account, CycleCounter[]? own)
    {
        var count = CountOf(kind, account) + CountOf(kind, own);
        if (count == 0)
        {
            return None;
        }

        var ids = new string[count];
        var values = new decimal[count];
        var used = 0;
        foreach (var scope in (ReadOnlySpan<CycleCounter[]?>)[account, own])
        {
            foreach (var counter in scope ?? [])
            {
                if (counter.Kind != kind)
                {
                    continue;
                }

                var at = Array.IndexOf(ids, counter.Id, 0, used);
                if (at >= 0)
                {
                    values[at] += counter.Value;
                }
                else
                {
                    ids[used] = counter.Id;
                    values[used++] = counter.Value;
                }
            }
        }

        return used == count ? new CounterView(ids, values) : new CounterView(ids[..used], values[..used]);
    }

    public bool ContainsKey(string key) => Array.IndexOf(_ids, key) >= 0;

    public bool TryGetValue(string key, out decimal value)
    {
        var at = Array.IndexOf(_ids, key);
        value = at >= 0 ? _values[at] : 0m;
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator()
    {
        for (var i = 0; i < _ids.Length; i++)
        {
            yield return new KeyValuePair<string, decimal>(_ids[i], _values[i]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static int CountOf(CounterKind kind, CycleCounter[]? counters)
    {
        var count = 0;
        foreach (var counter in counters ?? [])
        {
            count += counter.Kind == kind ? 1 : 0;
        }

        return count;
    }
}
