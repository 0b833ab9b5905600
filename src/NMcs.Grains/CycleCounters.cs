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
    private readonly Dictionary<string, Dictionary<(CounterKind Kind, string Id), decimal>> _byScope = new(StringComparer.Ordinal);

    public string CycleKey => cycleKey;

    /// <summary>Counters the engine sees for a record of <paramref name="iccid"/>: its own plus the account's.</summary>
    public RatingCounters For(string iccid)
    {
        var allowances = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var charges = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var scope in new[] { AccountKey, iccid })
        {
            if (_byScope.TryGetValue(scope, out var counters))
            {
                foreach (var ((kind, id), value) in counters)
                {
                    var target = kind == CounterKind.AllowanceUsed ? allowances : charges;
                    target[id] = target.GetValueOrDefault(id) + value;
                }
            }
        }

        return new RatingCounters(cycleKey, allowances, charges);
    }

    /// <summary>Adds a record's deltas.</summary>
    public void Apply(string iccid, IEnumerable<CounterDelta> deltas)
    {
        foreach (var delta in deltas)
        {
            var scope = delta.Scope == CounterScope.Account ? AccountKey : iccid;
            if (!_byScope.TryGetValue(scope, out var counters))
            {
                counters = [];
                _byScope[scope] = counters;
            }

            counters[(delta.Kind, delta.Id)] = counters.GetValueOrDefault((delta.Kind, delta.Id)) + delta.Quantity;
        }
    }

    /// <summary>Adds deltas read back from the ledger.</summary>
    public void Apply(string iccid, string encoded) => Apply(iccid, Decode(encoded, cycleKey));

    /// <summary>Writes deltas compactly for the ledger: <c>kind scope id quantity</c> per line.</summary>
    public static string Encode(IReadOnlyList<CounterDelta> deltas)
    {
        var text = new StringBuilder();
        foreach (var delta in deltas)
        {
            text.Append(delta.Kind == CounterKind.AllowanceUsed ? 'A' : 'C')
                .Append(delta.Scope == CounterScope.Account ? 'a' : 's')
                .Append(' ')
                .Append(delta.Quantity.ToString(CultureInfo.InvariantCulture))
                .Append(' ')
                .Append(delta.Id)
                .Append('\n');
        }

        return text.ToString();
    }

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
