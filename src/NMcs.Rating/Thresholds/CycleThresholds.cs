using NMcs.Catalog.Model;
using NMcs.Rating.Engine;

namespace NMcs.Rating.Thresholds;

/// <summary>
/// The thresholds of one account in one billing cycle: which were raised already, and the cycle's usage charges per
/// account and per SIM. Fed one rated record at a time in the order the records were rated, it reports each threshold
/// the record takes from below to at or above, once: a raised threshold stays raised for the cycle, so a re-sent record
/// (never rated twice) or a reload (raised thresholds are read back) cannot raise it again. Pure: no I/O, no clock.
/// </summary>
public sealed class CycleThresholds
{
    // Most of what a key says is the same for many SIMs (kind, allowance, limit, unit, percent): the set holds the
    // owner and a shared definition, 16 bytes an entry instead of a 64-byte key. A rating partition keeps this set
    // for every account it rates, and an account's SIMs each raise a few allowance thresholds a cycle.
    private static readonly SharedInstances<Definition> SharedDefinitions = new(100_000);

    private readonly HashSet<(string Owner, Definition Definition)> _raised = [];
    private static readonly IReadOnlySet<string> NoSims = new HashSet<string>();

    // Charges per SIM, of the watched SIMs only (all SIMs until told otherwise): only a SIM with a charge limit needs its
    // own total, and a partition holds this for every SIM of every account it rates.
    private readonly Dictionary<string, decimal> _simCharges = new(StringComparer.Ordinal);
    private IReadOnlySet<string>? _watchedSims;
    private readonly ThresholdPolicy _policy;
    private readonly decimal[] _chargePercents;

    /// <summary>Starts a cycle with nothing charged and nothing raised.</summary>
    public CycleThresholds(string cycleKey, ThresholdPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CycleKey = cycleKey;
        _policy = policy;
        _chargePercents = policy.ChargeWarningPercent < 100m ? [policy.ChargeWarningPercent, 100m] : [100m];
    }

    /// <summary>The billing cycle, e.g. 2026-03.</summary>
    public string CycleKey { get; }

    /// <summary>The account's usage charges in the cycle so far (unrounded).</summary>
    public decimal AccountCharges { get; private set; }

    /// <summary>A SIM's usage charges in the cycle so far (unrounded).</summary>
    /// <exception cref="InvalidOperationException">The SIM is not watched (see <see cref="WatchSimsOnly"/>).</exception>
    public decimal SimCharges(string iccid) => IsWatched(iccid)
        ? _simCharges.GetValueOrDefault(iccid)
        : throw new InvalidOperationException($"the charges of SIM {iccid} are not kept in cycle {CycleKey}: it had no charge limit when the cycle was loaded.");

    /// <summary>
    /// Keeps per-SIM charges only for <paramref name="iccids"/> (the SIMs with a charge limit) from now on; the account's
    /// total still counts every SIM. Call it before the first charge. A SIM given a limit later needs the cycle loaded
    /// again: a SIM limit on a SIM not watched is refused by <see cref="Observe"/>.
    /// </summary>
    public void WatchSimsOnly(IReadOnlyCollection<string> iccids)
    {
        ArgumentNullException.ThrowIfNull(iccids);
        if (_simCharges.Count > 0 || AccountCharges != 0m)
        {
            throw new InvalidOperationException($"cycle {CycleKey} has charges already: choose the SIMs watched before the first charge.");
        }

        _watchedSims = iccids.Count == 0 ? NoSims : new HashSet<string>(iccids, StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="key"/> was raised in this cycle.</summary>
    public bool IsRaised(ThresholdKey key) => _raised.Contains(Compact(key));

    /// <summary>Counts a record rated before (read back from the ledger): its amount counts, nothing is raised.</summary>
    public void AddCharged(string iccid, decimal amount)
    {
        AccountCharges += amount;
        if (IsWatched(iccid))
        {
            _simCharges[iccid] = _simCharges.GetValueOrDefault(iccid) + amount;
        }
    }

    private bool IsWatched(string iccid) => _watchedSims is null || (_watchedSims.Count > 0 && _watchedSims.Contains(iccid));

    /// <summary>Marks a threshold raised before (read back from the store).</summary>
    public void MarkRaised(ThresholdKey key) => _raised.Add(Compact(key));

    /// <summary>
    /// Takes one rated record: its allowance deltas against the counters it was rated with, and its amount against
    /// the charge limits. Adds each threshold it crosses to <paramref name="crossed"/> (allowances first, then the
    /// credit limit, then the SIM's limit; lower percentages first within each) and marks it raised.
    /// </summary>
    /// <param name="plan">The product version that rated the record.</param>
    /// <param name="iccid">The record's SIM.</param>
    /// <param name="before">The counters the record was rated with (the SIM's and the account's).</param>
    /// <param name="deltas">The record's counter deltas.</param>
    /// <param name="amount">The record's unrounded amount, after tariff rules.</param>
    /// <param name="limits">The account's charge limits.</param>
    /// <param name="recordId">The record's id.</param>
    /// <param name="occurredAt">When the record's usage happened.</param>
    /// <param name="crossed">Receives the crossings.</param>
    public void Observe(
        RatingPlan plan,
        string iccid,
        RatingCounters before,
        IReadOnlyList<CounterDelta> deltas,
        decimal amount,
        ChargeLimits limits,
        string recordId,
        DateTimeOffset occurredAt,
        List<ThresholdCrossing> crossed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(deltas);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(crossed);
        decimal? simLimit = limits.Sims.Count > 0 && limits.Sims.TryGetValue(iccid, out var set) ? set : null;
        if (simLimit is not null && !IsWatched(iccid))
        {
            // Checked before anything changes: the record leaves no trace here.
            throw new InvalidOperationException($"SIM {iccid} has a charge limit but cycle {CycleKey} was loaded without watching it: load the cycle again.");
        }

        // The engine emits one delta per allowance a record used, its pieces (band splits) already added up.
        for (var i = 0; i < deltas.Count; i++)
        {
            var delta = deltas[i];
            if (delta.Kind == CounterKind.AllowanceUsed && FindAllowance(plan, delta.Id) is { } allowance)
            {
                var after = before.AllowanceUsed.GetValueOrDefault(delta.Id) + delta.Quantity;
                AllowanceCrossings(allowance, allowance.Scope == CounterScope.Account ? string.Empty : iccid, after, recordId, occurredAt, crossed);
            }
        }

        AddCharged(iccid, amount);
        if (limits.Account is { } creditLimit)
        {
            ChargeCrossings(ThresholdKind.CreditLimit, string.Empty, creditLimit, limits.Currency, AccountCharges, recordId, occurredAt, crossed);
        }

        if (simLimit is { } limit)
        {
            ChargeCrossings(ThresholdKind.SimChargeLimit, iccid, limit, limits.Currency, _simCharges[iccid], recordId, occurredAt, crossed);
        }
    }

    private void AllowanceCrossings(AllowancePlan allowance, string owner, decimal usedBaseUnits, string recordId, DateTimeOffset occurredAt, List<ThresholdCrossing> crossed)
    {
        var percents = allowance.Allowance.NotifyAtPercent ?? _policy.AllowancePercents;
        if (allowance.Quantity <= 0m)
        {
            return;
        }

        for (var p = 0; p < percents.Count; p++)
        {
            // Compared in base units, reported in the allowance's unit (800 MB rather than 838,860,800 B).
            if (usedBaseUnits >= allowance.Quantity * percents[p] / 100m)
            {
                var key = new ThresholdKey(ThresholdKind.AllowanceUsage, owner, allowance.Allowance.Id, allowance.Allowance.Quantity, allowance.Allowance.Unit, percents[p]);
                if (_raised.Add(Compact(key)))
                {
                    crossed.Add(new ThresholdCrossing(key, usedBaseUnits / allowance.UnitSize, CycleKey, recordId, occurredAt));
                }
            }
        }
    }

    private void ChargeCrossings(ThresholdKind kind, string owner, decimal limit, string currency, decimal charged, string recordId, DateTimeOffset occurredAt, List<ThresholdCrossing> crossed)
    {
        foreach (var percent in _chargePercents)
        {
            if (charged >= limit * percent / 100m)
            {
                var key = new ThresholdKey(kind, owner, string.Empty, limit, currency, percent);
                if (_raised.Add(Compact(key)))
                {
                    crossed.Add(new ThresholdCrossing(key, charged, CycleKey, recordId, occurredAt));
                }
            }
        }
    }

    // The key as the set holds it. Definitions compare by value, so one not shared (the pool is full: many distinct
    // credit limits) is still found; sharing only saves memory.
    private static (string Owner, Definition Definition) Compact(ThresholdKey key) =>
        (key.Owner, SharedDefinitions.Get(new Definition(key.Kind, key.Subject, key.Limit, key.Unit, key.Percent)));

    private static AllowancePlan? FindAllowance(RatingPlan plan, string id)
    {
        foreach (var allowance in plan.Allowances)
        {
            if (allowance.Allowance.Id == id)
            {
                return allowance;
            }
        }

        return null;
    }

    // What a threshold key says besides its owner.
    private sealed record Definition(ThresholdKind Kind, string Subject, decimal Limit, string Unit, decimal Percent);
}
