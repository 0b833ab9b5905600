using NMcs.Abstractions.Contracts;
using NMcs.Catalog.Model;
using NMcs.Grains.Thresholds;
using NMcs.Rating.Engine;
using NMcs.Rating.Thresholds;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains;

/// <summary>
/// One payer account's rating state inside its rating partition: what the account grain last said of the account, its
/// subscription index, and the counters and thresholds of the billing cycles rated since the partition took it on
/// (rebuilt from the ledger on first use of a cycle). Only the partition's turns touch it.
/// </summary>
internal sealed class AccountRater(string accountId)
{
    // The order of a call of one record (only ever read).
    private static readonly int[] OneRecord = [0];

    // Counters of the cycles rated, rebuilt from the ledger on first use of a cycle.
    private readonly Dictionary<string, CycleCounters> _cycles = new(StringComparer.Ordinal);

    // Thresholds of the same cycles: raised ones read back from the store, usage charges from the ledger.
    private readonly Dictionary<string, CycleThresholds> _thresholds = new(StringComparer.Ordinal);

    // Kept across calls: the rating context of the account's zone and the last billing period rated into.
    private (string TimeZone, RatingContext Context)? _context;
    private (string Cycle, BillingPeriod Period, string Key)? _period;

    // Bumped by every change the account reports; the profile is current when it was asked for at the latest one.
    private long _generation;
    private long _profileGeneration = -1;

    public string AccountId { get; } = accountId;

    /// <summary>What the account grain said of the account, or null before it was asked (or when it does not exist).</summary>
    public AccountRatingProfile? Profile { get; private set; }

    /// <summary>The profile's charge limits, as thresholds take them.</summary>
    public ChargeLimits? Limits { get; private set; }

    /// <summary>The profile's subscriptions by SIM (oldest first), how many are open, and when each swapped-in SIM took over.</summary>
    public SubscriptionIndexView? Index { get; private set; }

    /// <summary>When the partition last rated for this account (<see cref="Environment.TickCount64"/>).</summary>
    public long LastUsed { get; set; }

    /// <summary>True when the profile was asked for after the account's last reported change.</summary>
    public bool IsCurrent => _profileGeneration == _generation;

    /// <summary>The generation a profile asked for now will belong to.</summary>
    public long Generation => _generation;

    /// <summary>The account changed: ask for its profile again before the next record.</summary>
    public void MarkChanged() => _generation++;

    /// <summary>Keeps <paramref name="profile"/>, asked for at <paramref name="generation"/>.</summary>
    public void Install(AccountRatingProfile? profile, long generation)
    {
        // Cycles keep per-SIM charges only for the SIMs that had a charge limit when they were loaded: a SIM given one
        // since (or any, after a time without a profile) needs them loaded again.
        if (profile is not null && (Profile is null || profile.SimChargeLimits.Keys.Any(iccid => !Profile.SimChargeLimits.ContainsKey(iccid))))
        {
            ForgetCycles();
        }

        // The subscriptions are kept once, compactly, in the index: the profile keeps the rest.
        Profile = profile is null ? null : profile with { Subscriptions = [] };
        Limits = profile is null ? null : new ChargeLimits(profile.Currency, profile.CreditLimit, profile.SimChargeLimits);
        Index = profile is null ? null : SubscriptionIndexView.Of(profile.Subscriptions);
        _profileGeneration = generation;
    }

    /// <summary>Forgets counters and thresholds: they are read from the ledger again on next use.</summary>
    public void ForgetCycles()
    {
        _cycles.Clear();
        _thresholds.Clear();
    }

    /// <summary>
    /// Rates <paramref name="records"/> (all of SIMs in <paramref name="bySim"/>, which holds each SIM's latest
    /// subscription, linked to the ones before it) in the order they happened, carrying counters from record to record. Nothing is
    /// stored: the pass holds the ledger rows, threshold events and suspended records for the partition's one append.
    /// </summary>
    public async ValueTask<RatingPass> RateAsync(
        RatingCall call,
        Dictionary<string, RatedSubscription> bySim,
        IReadOnlyList<UsageRecordIn> records,
        HashSet<string> existing)
    {
        var profile = Profile ?? throw new InvalidOperationException($"account {AccountId} is rated before its profile was asked for.");

        // Records of all SIMs in the order they happened, so pooled allowances and account tiers are consumed in time order.
        // One record (most account calls of a batch spread over many accounts) needs no array of its own.
        var order = records.Count == 1 ? OneRecord : new int[records.Count];
        for (var i = 1; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (order.Length > 1)
        {
            // Ties end on the position in the call, so the order is as stable as the LINQ sort it replaces.
            Array.Sort(order, (a, b) => records[a].OccurredAt != records[b].OccurredAt
                ? records[a].OccurredAt.CompareTo(records[b].OccurredAt)
                : records[a].Index != records[b].Index ? records[a].Index.CompareTo(records[b].Index) : a.CompareTo(b));
        }

        var context = Context(profile);
        var pass = new RatingPass(this, records);
        var outcomes = pass.Outcomes;

        // Ids met in this call (a record sent twice in one call is a duplicate the second time); one record needs none.
        var seen = records.Count > 1 ? new HashSet<string>(records.Count, StringComparer.Ordinal) : null;
        var candidates = new List<(int Index, RatedSubscription Subscription, ProductOffering Product, UsageRecord Usage)>(records.Count);
        foreach (var i in order)
        {
            var record = records[i];
            if (!bySim.TryGetValue(record.Iccid, out var latest))
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, "iccid", $"iccid {record.Iccid} has no subscription on account {AccountId}.");
                continue;
            }

            if (existing.Contains(record.RecordId) || (seen is not null && !seen.Add(record.RecordId)))
            {
                outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Duplicate, null, null, null);
                continue;
            }

            // The subscription in force at the record's time: late records of a SIM that changed plan are rated by the old one.
            var subscription = latest;
            while (subscription is not null && !subscription.CoversAt(record.OccurredAt))
            {
                subscription = subscription.Previous;
            }

            if (subscription is null)
            {
                var first = latest.First;
                outcomes[i] = record.OccurredAt < first.ActivatedAt
                    ? UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"timestamp {record.OccurredAt:O} is before iccid {first.Iccid} was activated ({first.ActivatedAt:O}).")
                    : UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"timestamp {record.OccurredAt:O} is after the subscription of iccid {latest.Iccid} ended ({latest.EndedAt:O}).");
                continue;
            }

            var versions = await call.VersionsAsync(subscription.ProductId);
            var product = versions.InForceAt(record.OccurredAt);
            if (product is null)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"no published version of product {subscription.ProductId} is in force at {record.OccurredAt:O}; publish one covering that time.");
                continue;
            }

            try
            {
                var usage = new UsageRecord(
                    record.RecordId,
                    record.ServiceType,
                    BaseQuantity(product, record),
                    record.OccurredAt,
                    record.DurationSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : null,
                    record.Destination,
                    record.VisitedNetwork);
                candidates.Add((i, subscription, product, usage));
            }
            catch (DomainException e)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, e.Field == "service" ? "serviceType" : e.Field, e.Message);
            }
        }

        // Rate declaratively in time order with counters carried from record to record, a chunk of records at a time,
        // then run the rules of the chunk at once (while its records are still in the cache). When a rule fails for a
        // record, that record is suspended: the chunk's counter deltas are taken back and the chunk is rated again
        // without it, so later records see counters without the suspended one. Every account of the call is priced by
        // the same rule versions (RulePricing resolves each rule once).
        var account = new NMcs.Rules.AccountFacts(AccountId, profile.Currency, Index!.Open);
        // Made when first needed: most calls of an account exclude nothing, and a partition call makes one pass per account.
        HashSet<int>? excluded = null;
        var crossings = new List<ThresholdCrossing>();
        for (var from = 0; from < candidates.Count; from += RulePricing.ChunkSize)
        {
            // Chunks by index: Enumerable.Chunk would allocate a whole chunk's array for a call of one record.
            var chunkSize = Math.Min(RulePricing.ChunkSize, candidates.Count - from);
            while (true)
            {
                var rated = new List<RatedRecord>(chunkSize);
                var ratedOf = new List<(int Index, RatedSubscription Subscription, CycleCounters Cycle, RatingCounters Before)>(chunkSize);
                for (var c = from; c < from + chunkSize; c++)
                {
                    var (i, subscription, product, usage) = candidates[c];
                    if (excluded?.Contains(i) == true)
                    {
                        continue;
                    }

                    try
                    {
                        var cycle = await CountersAsync(call, CycleKeyAt(profile, usage.Start));
                        var before = cycle.For(subscription.Iccid);
                        var result = RatingEngine.Rate(RatingPlan.For(product), usage, before, context);
                        cycle.Apply(subscription.Iccid, result.CounterDeltas);
                        rated.Add(new RatedRecord(product, usage, result, context));
                        ratedOf.Add((i, subscription, cycle, before));
                    }
                    catch (DomainException e)
                    {
                        // The engine names its own record property; the client sent it as serviceType.
                        outcomes[i] = UsageOutcome.Rejected(records[i].Index, records[i].RecordId, e.Field == "service" ? "serviceType" : e.Field, e.Message);
                        (excluded ??= []).Add(i);
                    }
                }

                var priced = call.Pricing.Price(rated, account);
                List<int>? failed = null;
                for (var r = 0; r < rated.Count; r++)
                {
                    if (priced[r].SuspendedBy is not null)
                    {
                        (failed ??= []).Add(r);
                    }
                }

                if (failed is not null)
                {
                    // Take back every delta of this pass (exact: decimal sums), suspend the failed records, rate again.
                    for (var r = 0; r < rated.Count; r++)
                    {
                        ratedOf[r].Cycle.Apply(ratedOf[r].Subscription.Iccid, rated[r].Result.CounterDeltas.Select(d => d with { Quantity = -d.Quantity }));
                    }

                    foreach (var r in failed)
                    {
                        var (i, subscription, _, _) = ratedOf[r];
                        var record = records[i];
                        pass.Suspended.Add(new SuspendedUsage(record.RecordId, AccountId, subscription.Iccid, priced[r].SuspendedBy!, priced[r].Reason!, System.Text.Json.JsonSerializer.Serialize(record), call.Now));
                        outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Suspended, "serviceType", priced[r].Reason, null);
                        (excluded ??= []).Add(i);
                    }

                    continue;
                }

                // The final pass: every record stays rated. Thresholds see the records in the order they were rated.
                var limits = Limits!;
                for (var r = 0; r < rated.Count; r++)
                {
                    var (i, subscription, cycle, before) = ratedOf[r];
                    var record = records[i];
                    pass.Rows.Add(ToRow(record, AccountId, subscription, rated[r].Product, rated[r].Result, priced[r], call.Now));
                    pass.RowIndex.Add(i);
                    outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Rated, null, null, priced[r].Unrounded);
                    _thresholds[cycle.CycleKey].Observe(
                        RatingPlan.For(rated[r].Product), subscription.Iccid, before, rated[r].Result.CounterDeltas, priced[r].Unrounded, limits, record.RecordId, record.OccurredAt, crossings);
                }

                break;
            }
        }

        // Events go into the ledger's transaction: one exists exactly when the record that raised it does.
        foreach (var crossing in crossings)
        {
            pass.Events.Add(ThresholdEvent.From(AccountId, crossing, call.Now));
        }

        return pass;
    }

    /// <summary>Adds to <paramref name="into"/> the billing cycles of <paramref name="records"/> whose counters are not held yet.</summary>
    public void AddMissingCycles(IReadOnlyList<UsageRecordIn> records, ISet<(AccountRater Rater, string Cycle)> into)
    {
        if (Profile is not { } profile)
        {
            return;
        }

        foreach (var record in records)
        {
            var key = CycleKeyAt(profile, record.OccurredAt);
            if (!_cycles.ContainsKey(key))
            {
                into.Add((this, key));
            }
        }
    }

    // The rating context of the account's time zone, kept while the zone stays the same.
    private RatingContext Context(AccountRatingProfile profile)
    {
        if (_context is not { } held || held.TimeZone != profile.TimeZone)
        {
            _context = held = (profile.TimeZone, RatingContext.For(profile.TimeZone));
        }

        return held.Context;
    }

    // The key of the billing cycle containing `at`: the last period found is kept (with the cycle and zone it was cut
    // by), since a batch's records nearly always fall into the same one.
    private string CycleKeyAt(AccountRatingProfile profile, DateTimeOffset at)
    {
        if (_period is { } last && last.Cycle == profile.BillingCycle && last.Period.TimeZoneId == profile.TimeZone
            && at >= last.Period.StartUtc && at < last.Period.EndUtc)
        {
            return last.Key;
        }

        var period = BillingCycle.Parse(profile.BillingCycle).Containing(at, profile.TimeZone);
        _period = (profile.BillingCycle, period, period.Key);
        return _period.Value.Key;
    }

    private async ValueTask<CycleCounters> CountersAsync(RatingCall call, string cycleKey)
    {
        if (!_cycles.TryGetValue(cycleKey, out var counters))
        {
            var raised = call.Thresholds.LoadAsync(AccountId, cycleKey);
            var rows = call.Ledger.CountersAsync(AccountId, cycleKey);
            var cycleThresholds = await raised;
            InstallCycle(cycleKey, await rows, cycleThresholds);
            counters = _cycles[cycleKey];
        }

        return counters;
    }

    /// <summary>
    /// Takes on a billing cycle's counters and thresholds from what the store holds: the cycle's ledger rows and its
    /// thresholds with those raised before marked (read for many accounts at once by the partition). Loads of one
    /// cycle may overlap (a prefetch and the rating of the same call never do): the first one stays.
    /// </summary>
    public void InstallCycle(string cycleKey, IReadOnlyList<(string Iccid, string Counters, decimal Amount)> rows, CycleThresholds cycleThresholds)
    {
        if (_cycles.ContainsKey(cycleKey))
        {
            return;
        }

        var counters = new CycleCounters(cycleKey);
        cycleThresholds.WatchSimsOnly([.. Profile?.SimChargeLimits.Keys ?? []]);
        foreach (var (iccid, encoded, amount) in rows)
        {
            counters.Apply(iccid, encoded);
            cycleThresholds.AddCharged(iccid, amount);
        }

        _cycles[cycleKey] = counters;
        _thresholds[cycleKey] = cycleThresholds;
    }

    private static decimal BaseQuantity(ProductOffering product, UsageRecordIn record) =>
        record.BaseUnitKnown ? record.BaseQuantity : UsageQuantities.ToBase(product, record.ServiceType, record.Quantity, record.Unit);

    private static RatedUsageRow ToRow(UsageRecordIn record, string accountId, RatedSubscription subscription, ProductOffering product, RatingResult result, Priced priced, DateTimeOffset now)
    {
        decimal units = 0, included = 0, billable = 0;
        foreach (var part in result.Parts)
        {
            // A percentage part prices the same units again (a surcharge on another part): count them once.
            if (part.Model == ChargeModel.Percentage)
            {
                continue;
            }

            units += part.Units;
            included += part.Units - part.BillableUnits;
            billable += part.BillableUnits;
        }

        var rateUnit = result.Parts.Count > 0 ? result.Parts[0].RateUnit : record.Unit;
        var effectivePrice = billable == 0 ? 0m : priced.Unrounded / billable;
        return new RatedUsageRow(
            record.RecordId, subscription.Iccid, accountId, result.CycleKey, record.ServiceType, record.Quantity, record.Unit,
            record.OccurredAt, product.Id, product.Version, rateUnit, units, included, billable, effectivePrice,
            priced.Unrounded, priced.Rounded, product.Currency.Code, priced.Steps, now, null, CycleCounters.Encode(result.CounterDeltas),
            record.DurationSeconds, record.Destination, record.VisitedNetwork, priced.Charges);
    }
}

/// <summary>
/// What one partition call shares across the accounts it rates: the time, the stores, the catalog versions and rule
/// versions resolved once for the call.
/// </summary>
internal sealed class RatingCall(UsageLedger ledger, ProductCatalog catalog, ThresholdMonitor thresholds, RulePricing pricing, DateTimeOffset now)
{
    private readonly Dictionary<string, CatalogVersions> _catalogs = new(StringComparer.Ordinal);

    public UsageLedger Ledger => ledger;

    public ThresholdMonitor Thresholds => thresholds;

    public RulePricing Pricing => pricing;

    public DateTimeOffset Now => now;

    public async ValueTask<CatalogVersions> VersionsAsync(string productId)
    {
        if (!_catalogs.TryGetValue(productId, out var versions))
        {
            versions = await catalog.VersionsAsync(productId);
            _catalogs[productId] = versions;
        }

        return versions;
    }
}

/// <summary>One account's share of a partition call: an outcome per record, and what the call appends for it.</summary>
internal sealed class RatingPass(AccountRater rater, IReadOnlyList<UsageRecordIn> records)
{
    public AccountRater Rater => rater;

    public UsageOutcome[] Outcomes { get; } = new UsageOutcome[records.Count];

    // Sized for every record rated, the usual outcome.
    public List<RatedUsageRow> Rows { get; } = new(records.Count);

    // The position in Records of each row.
    public List<int> RowIndex { get; } = new(records.Count);

    public List<ThresholdEvent> Events { get; } = [];

    public List<SuspendedUsage> Suspended { get; } = [];
}

/// <summary>An account's subscriptions by SIM (the latest of each), the number still open, and when each swapped-in SIM took over.</summary>
/// <remarks>
/// A partition keeps one per account it rates, so per SIM it holds one dictionary entry and a compact subscription per
/// subscription the SIM had (rating needs neither the subscription's id nor its suspensions); an account without swaps
/// shares one empty swap table.
/// </remarks>
internal sealed record SubscriptionIndexView(Dictionary<string, RatedSubscription> BySim, int Open, IReadOnlyDictionary<string, DateTimeOffset> SwappedInAt)
{
    private static readonly IReadOnlyDictionary<string, DateTimeOffset> NoSwaps = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    public static SubscriptionIndexView Of(IReadOnlyList<SubscriptionInfo> subscriptions)
    {
        var swapped = subscriptions.Any(s => s.SimSwaps is { Count: > 0 })
            ? subscriptions
                .Where(s => s.SimSwaps is { Count: > 0 })
                .GroupBy(s => s.Iccid, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Max(s => s.SimSwaps![^1]), StringComparer.Ordinal)
            : NoSwaps;
        return new(Group(subscriptions), subscriptions.Count(s => s.EndedAt is null), swapped);
    }

    // Each SIM's latest subscription, linked to the SIM's earlier ones: what rating looks a record's subscription up in.
    public static Dictionary<string, RatedSubscription> Group(IEnumerable<SubscriptionInfo> subscriptions)
    {
        var bySim = new Dictionary<string, RatedSubscription>(StringComparer.Ordinal);
        foreach (var subscription in subscriptions.OrderBy(s => s.ActivatedAt))
        {
            bySim[subscription.Iccid] = new RatedSubscription(subscription, bySim.GetValueOrDefault(subscription.Iccid));
        }

        return bySim;
    }
}

/// <summary>
/// What rating keeps of a subscription: its SIM, product and span, and the SIM's subscription before it (oldest last).
/// Rating partitions hold one per subscription of every account they rate.
/// </summary>
internal sealed class RatedSubscription(SubscriptionInfo subscription, RatedSubscription? previous)
{
    public string Iccid { get; } = subscription.Iccid;

    public string ProductId { get; } = subscription.ProductId;

    public DateTimeOffset ActivatedAt { get; } = subscription.ActivatedAt;

    public DateTimeOffset? EndedAt { get; } = subscription.EndedAt;

    /// <summary>The SIM's subscription before this one, or null for its first.</summary>
    public RatedSubscription? Previous { get; } = previous;

    /// <summary>The SIM's first subscription.</summary>
    public RatedSubscription First
    {
        get
        {
            var first = this;
            while (first.Previous is not null)
            {
                first = first.Previous;
            }

            return first;
        }
    }

    /// <summary>True when the subscription covers <paramref name="at"/> (activation inclusive, end exclusive).</summary>
    public bool CoversAt(DateTimeOffset at) => at >= ActivatedAt && (EndedAt is null || at < EndedAt);
}
