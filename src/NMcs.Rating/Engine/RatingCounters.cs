using System.Collections.Frozen;

namespace NMcs.Rating.Engine;

/// <summary>
/// The cycle's counters before a record, all in base units: allowance used per allowance id (pooled ones from the
/// account, per-subscription ones from the subscription) and cumulative billable quantity per tiered or block charge.
/// The caller passes the counters of the record's cycle, so allowances reset simply by starting a new cycle at zero.
/// </summary>
/// <param name="CycleKey">The billing cycle the counters belong to, e.g. 2026-03; echoed on the deltas.</param>
/// <param name="AllowanceUsed">Base units used so far per allowance id; missing ids count as 0.</param>
/// <param name="ChargeQuantity">Billable base units so far per usage charge id; missing ids count as 0.</param>
public sealed record RatingCounters(
    string CycleKey,
    IReadOnlyDictionary<string, decimal> AllowanceUsed,
    IReadOnlyDictionary<string, decimal> ChargeQuantity)
{
    private static readonly IReadOnlyDictionary<string, decimal> None = FrozenDictionary<string, decimal>.Empty;

    /// <summary>Counters at the start of cycle <paramref name="cycleKey"/>: nothing used yet.</summary>
    public static RatingCounters Empty(string cycleKey) => new(cycleKey, None, None);

    /// <summary>These counters with <paramref name="deltas"/> added: what the caller persists after a record.</summary>
    public RatingCounters Apply(IEnumerable<CounterDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var allowances = new Dictionary<string, decimal>(AllowanceUsed);
        var charges = new Dictionary<string, decimal>(ChargeQuantity);
        foreach (var delta in deltas)
        {
            var target = delta.Kind == CounterKind.AllowanceUsed ? allowances : charges;
            target[delta.Id] = target.GetValueOrDefault(delta.Id) + delta.Quantity;
        }

        return this with { AllowanceUsed = allowances, ChargeQuantity = charges };
    }
}
