using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains.State;
using NMcs.Grains.Thresholds;
using NMcs.Rating.Engine;
using NMcs.Rating.Thresholds;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains;

/// <summary>
/// A payer account: its subscriptions, the real-time rating of their usage (pooled allowances and account-wide
/// tiers are the account's counters) and its real-time charges from the usage ledger.
/// </summary>
public sealed class AccountGrain(
    [PersistentState("account", NMcsStorage.Name)] IPersistentState<AccountState> state,
    UsageLedger ledger,
    ProductCatalog catalog,
    TariffRuleService rules,
    SuspendedUsageStore suspendedUsage,
    AccountSubscriptionStore subscriptionStore,
    ThresholdMonitor thresholds,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, IAccountGrain
{
    // Counters of the cycles rated since activation, rebuilt from the ledger on first use of a cycle.
    private readonly Dictionary<string, CycleCounters> _cycles = new(StringComparer.Ordinal);

    // Thresholds of the same cycles: raised ones read back from the store, usage charges from the ledger.
    private readonly Dictionary<string, CycleThresholds> _thresholds = new(StringComparer.Ordinal);

    // The account's subscriptions by SIM (oldest first) and how many are open, rebuilt after any subscription change.
    private SubscriptionIndexView? _subscriptionIndex;

    // The account's subscriptions in the order they were added (rows of account_subscriptions, loaded at activation),
    // and the position of each in that list by subscription id.
    private List<SubscriptionInfo> _subscriptions = [];
    private Dictionary<string, int> _subscriptionAt = new(StringComparer.Ordinal);

    // Kept across rating calls: the rating context of the account's zone and the last billing period rated into.
    private (string TimeZone, RatingContext Context)? _context;
    private (string Cycle, BillingPeriod Period, string Key)? _period;
    private string? _accountId;

    // The grain's key, read once (Orleans renders it from the grain id on every call).
    private string AccountId => _accountId ??= this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        _subscriptions = await subscriptionStore.ListAsync(id, cancellationToken);
        _subscriptionAt = _subscriptions.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        if (state.State.Subscriptions.Count > 0)
        {
            // Stored by a build that kept subscriptions in the account's state: move them to their table once.
            var moved = state.State.Subscriptions.Where(s => !_subscriptionAt.ContainsKey(s.Id)).ToList();
            await subscriptionStore.SaveAsync(id, moved.Select((s, i) => new SubscriptionWrite(s, _subscriptions.Count + i)).ToList(), clock.GetUtcNow(), cancellationToken);
            foreach (var subscription in moved)
            {
                _subscriptionAt[subscription.Id] = _subscriptions.Count;
                _subscriptions.Add(subscription);
            }

            state.State.Subscriptions = [];
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AccountInfo> Open(string customerId, string currency, string timeZone, string? taxJurisdiction = null, string billingCycle = "monthly")
    {
        var cycle = BillingCycle.Parse(billingCycle).ToString();
        if (state.RecordExists)
        {
            if (state.State.CustomerId != customerId)
            {
                throw new DomainException("ACCOUNT_EXISTS", "accountId", $"account {this.GetPrimaryKeyString()} belongs to customer {state.State.CustomerId}.");
            }

            return Describe();
        }

        state.State = new AccountState { CustomerId = customerId, Currency = currency, TimeZone = timeZone, TaxJurisdiction = taxJurisdiction, BillingCycle = cycle };
        _subscriptionIndex = null;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<AccountInfo> OpenChild(string customerId, string payerAccountId)
    {
        if (state.RecordExists)
        {
            if (state.State.CustomerId != customerId || state.State.PayerAccountId != payerAccountId)
            {
                throw new DomainException("ACCOUNT_EXISTS", "accountId", $"account {this.GetPrimaryKeyString()} already exists (customer {state.State.CustomerId}); choose another id.");
            }

            return Describe();
        }

        var payer = GrainFactory.GetGrain<IAccountGrain>(payerAccountId);
        var info = await payer.GetInfo()
            ?? throw new DomainException("UNKNOWN_ACCOUNT", "payerAccountId", $"payer account '{payerAccountId}' does not exist.");
        if (!info.IsPayer)
        {
            throw new DomainException("NOT_A_PAYER", "payerAccountId", $"account {payerAccountId} is itself paid by {info.PayerAccountId}; open the child under the payer.");
        }

        // A child bills with its payer: same currency, time zone, tax jurisdiction and cycle (counters reset together).
        state.State = new AccountState
        {
            CustomerId = customerId,
            Currency = info.Currency,
            TimeZone = info.TimeZone,
            TaxJurisdiction = info.TaxJurisdiction,
            BillingCycle = info.BillingCycle,
            PayerAccountId = payerAccountId,
        };
        await state.WriteStateAsync();
        await payer.AddChild(this.GetPrimaryKeyString());
        return Describe();
    }

    /// <inheritdoc />
    public async Task AddChild(string childAccountId)
    {
        EnsureOpen();
        if (!state.State.ChildAccountIds.Contains(childAccountId))
        {
            state.State.ChildAccountIds.Add(childAccountId);
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task UpdateSubscription(SubscriptionInfo subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        EnsureOpen();
        if (!_subscriptionAt.TryGetValue(subscription.Id, out var index))
        {
            throw new DomainException("UNKNOWN_SUBSCRIPTION", "iccid", $"subscription {subscription.Id} is not on account {this.GetPrimaryKeyString()}.");
        }

        await subscriptionStore.SaveAsync(this.GetPrimaryKeyString(), [new SubscriptionWrite(subscription, index)], clock.GetUtcNow());
        _subscriptions[index] = subscription;
        _subscriptionIndex = null;
    }

    /// <inheritdoc />
    public Task<AccountInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task<AccountInfo> SetCreditLimit(decimal? amount)
    {
        EnsureOpen();
        state.State.CreditLimit = CheckLimit(amount);
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<AccountInfo> SetSimChargeLimit(string iccid, decimal? amount)
    {
        ArgumentNullException.ThrowIfNull(iccid);
        EnsureOpen();
        if (!_subscriptions.Any(s => s.Iccid == iccid))
        {
            throw new DomainException("UNKNOWN_SUBSCRIPTION", "iccid", $"iccid {iccid} has no subscription on account {this.GetPrimaryKeyString()}; set the limit on the account the SIM is activated for.");
        }

        if (CheckLimit(amount) is { } limit)
        {
            state.State.SimChargeLimits[iccid] = limit;
        }
        else
        {
            state.State.SimChargeLimits.Remove(iccid);
        }

        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task AddSubscription(SubscriptionInfo subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        EnsureOpen();
        if (_subscriptionAt.ContainsKey(subscription.Id))
        {
            return;
        }

        await subscriptionStore.SaveAsync(this.GetPrimaryKeyString(), [new SubscriptionWrite(subscription, _subscriptions.Count)], clock.GetUtcNow());
        _subscriptionAt[subscription.Id] = _subscriptions.Count;
        _subscriptions.Add(subscription);
        _subscriptionIndex = null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<SubscriptionInfo> subscriptions, IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        return RateAsync(BySim(subscriptions), records, resumeSuspended, duplicatesChecked: false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageOutcome>> RateSimUsage(IReadOnlyList<UsageRecordIn> records, bool duplicatesChecked)
    {
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        var index = SubscriptionIndex();
        List<UsageRecordIn>? mine = null;
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];

            // Only SIMs with an open subscription: a terminated or swapped-out SIM's late records go through its SIM grain.
            // A SIM that took over a subscription in a SIM swap owns it only from the swap on: its earlier records go
            // through its SIM grain too, which refuses them.
            var skip = !index.BySim.TryGetValue(record.Iccid, out var ofSim) || ofSim[^1].EndedAt is not null
                || (index.SwappedInAt.TryGetValue(record.Iccid, out var swappedIn) && record.OccurredAt < swappedIn);
            if (skip && mine is null)
            {
                // The records before this one are all rated: copy them, then go on picking.
                mine = new List<UsageRecordIn>(records.Count);
                for (var k = 0; k < r; k++)
                {
                    mine.Add(records[k]);
                }
            }
            else if (!skip)
            {
                mine?.Add(record);
            }
        }

        // The index's lists are the SIMs' subscriptions oldest first, as RateAsync wants them.
        IReadOnlyList<UsageRecordIn> rated = mine ?? records;
        return rated.Count == 0 ? Task.FromResult<IReadOnlyList<UsageOutcome>>([]) : RateAsync(index.BySim, rated, resumeSuspended: false, duplicatesChecked);
    }

    // bySim: the subscriptions of each SIM whose records are rated, oldest first.
    private async Task<IReadOnlyList<UsageOutcome>> RateAsync(Dictionary<string, List<SubscriptionInfo>> bySim, IReadOnlyList<UsageRecordIn> records, bool resumeSuspended, bool duplicatesChecked)
    {
        var started = Stopwatch.GetTimestamp();
        var catalogs = new Dictionary<string, NMcs.Catalog.Model.CatalogVersions>(StringComparer.Ordinal);

        // Records of all SIMs in the order they happened, so pooled allowances and account tiers are consumed in time order.
        var order = new int[records.Count];
        for (var i = 0; i < order.Length; i++)
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

        var context = Context();

        // A suspended record was accepted: sending it again is a duplicate too (unless this call resumes it).
        var existing = resumeSuspended ? await ledger.FindExistingAsync(Ids(records))
            : duplicatesChecked ? []
            : await ledger.FindAcceptedAsync(Ids(records));

        var suspendedNow = new List<SuspendedUsage>();
        // Ids met in this call (a record sent twice in one call is a duplicate the second time); one record needs none.
        var seen = records.Count > 1 ? new HashSet<string>(records.Count, StringComparer.Ordinal) : null;
        var outcomes = new UsageOutcome[records.Count];
        var now = clock.GetUtcNow();
        var candidates = new List<(int Index, SubscriptionInfo Subscription, ProductOffering Product, UsageRecord Usage)>(records.Count);
        foreach (var i in order)
        {
            var record = records[i];
            if (!bySim.TryGetValue(record.Iccid, out var ofSim))
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, "iccid", $"iccid {record.Iccid} has no subscription on account {this.GetPrimaryKeyString()}.");
                continue;
            }

            if (existing.Contains(record.RecordId) || (seen is not null && !seen.Add(record.RecordId)))
            {
                outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Duplicate, null, null, null);
                continue;
            }

            // The subscription in force at the record's time: late records of a SIM that changed plan are rated by the old one.
            var subscription = ofSim.FindLast(s => s.CoversAt(record.OccurredAt));
            if (subscription is null)
            {
                var first = ofSim[0];
                var last = ofSim[^1];
                outcomes[i] = record.OccurredAt < first.ActivatedAt
                    ? UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"timestamp {record.OccurredAt:O} is before iccid {first.Iccid} was activated ({first.ActivatedAt:O}).")
                    : UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"timestamp {record.OccurredAt:O} is after the subscription of iccid {last.Iccid} ended ({last.EndedAt:O}).");
                continue;
            }

            if (!catalogs.TryGetValue(subscription.ProductId, out var versions))
            {
                versions = await catalog.VersionsAsync(subscription.ProductId);
                catalogs[subscription.ProductId] = versions;
            }

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
        // without it, so later records see counters without the suspended one. Every chunk of the batch is priced by
        // the same rule versions (RulePricing resolves each rule once).
        var pricing = new RulePricing(rules.Active);
        var account = new NMcs.Rules.AccountFacts(AccountId, state.State.Currency, SubscriptionIndex().Open);
        var rows = new List<RatedUsageRow>();
        var rowIndex = new List<int>();
        var excluded = new HashSet<int>(0);
        var crossings = new List<ThresholdCrossing>();
        for (var from = 0; from < candidates.Count; from += RulePricing.ChunkSize)
        {
            // Chunks by index: Enumerable.Chunk would allocate a whole chunk's array for a call of one record.
            var chunkSize = Math.Min(RulePricing.ChunkSize, candidates.Count - from);
            while (true)
            {
                var rated = new List<RatedRecord>(chunkSize);
                var ratedOf = new List<(int Index, SubscriptionInfo Subscription, CycleCounters Cycle, RatingCounters Before)>(chunkSize);
                for (var c = from; c < from + chunkSize; c++)
                {
                    var (i, subscription, product, usage) = candidates[c];
                    if (excluded.Contains(i))
                    {
                        continue;
                    }

                    try
                    {
                        var cycle = await CountersAsync(CycleKeyAt(usage.Start));
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
                        excluded.Add(i);
                    }
                }

                var priced = pricing.Price(rated, account);
                var failed = new List<int>();
                for (var r = 0; r < rated.Count; r++)
                {
                    if (priced[r].SuspendedBy is not null)
                    {
                        failed.Add(r);
                    }
                }

                if (failed.Count > 0)
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
                        suspendedNow.Add(new SuspendedUsage(record.RecordId, subscription.AccountId, subscription.Iccid, priced[r].SuspendedBy!, priced[r].Reason!, System.Text.Json.JsonSerializer.Serialize(record), now));
                        outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Suspended, "serviceType", priced[r].Reason, null);
                        excluded.Add(i);
                    }

                    continue;
                }

                // The final pass: every record stays rated. Thresholds see the records in the order they were rated.
                var limits = new ChargeLimits(state.State.Currency, state.State.CreditLimit, state.State.SimChargeLimits);
                for (var r = 0; r < rated.Count; r++)
                {
                    var (i, subscription, cycle, before) = ratedOf[r];
                    var record = records[i];
                    rows.Add(ToRow(record, subscription, rated[r].Product, rated[r].Result, priced[r], now));
                    rowIndex.Add(i);
                    outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Rated, null, null, priced[r].Unrounded);
                    _thresholds[cycle.CycleKey].Observe(
                        RatingPlan.For(rated[r].Product), subscription.Iccid, before, rated[r].Result.CounterDeltas, priced[r].Unrounded, limits, record.RecordId, record.OccurredAt, crossings);
                }

                break;
            }
        }

        // Events go into the ledger's transaction: one exists exactly when the record that raised it does.
        var accountId = AccountId;
        var events = crossings.ConvertAll(c => ThresholdEvent.From(accountId, c, now));
        LedgerAppend appended;
        try
        {
            appended = await ledger.AppendWithThresholdEventsAsync(rows, events);
        }
        catch
        {
            // Nothing of this batch is in the ledger: forget counters and thresholds that already counted it.
            ForgetCycles();
            throw;
        }

        var conflicts = appended.Conflicts;
        thresholds.Publish(appended.RaisedEvents);

        if (conflicts.Count > 0)
        {
            // Another writer stored some of these ids first: they are duplicates, and the counters are re-read.
            for (var j = 0; j < rows.Count; j++)
            {
                if (conflicts.Contains(rows[j].RecordId))
                {
                    var i = rowIndex[j];
                    outcomes[i] = outcomes[i] with { Status = UsageOutcomeStatus.Duplicate, Amount = null };
                }
            }

            ForgetCycles();
        }

        // Suspended before anything is acknowledged: a record is either in the ledger or waiting here.
        await suspendedUsage.AddAsync(suspendedNow);
        NMcsMetrics.RatingSuspended.Inc(suspendedNow.Count);
        if (resumeSuspended)
        {
            // Rated now (or found already rated): no longer waiting.
            await suspendedUsage.RemoveAsync(outcomes.Where(o => o.Status is UsageOutcomeStatus.Rated or UsageOutcomeStatus.Duplicate).Select(o => o.RecordId!).ToList());
        }

        NMcsMetrics.RatingDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return outcomes;
    }

    private SubscriptionIndexView SubscriptionIndex() => _subscriptionIndex ??= new SubscriptionIndexView(
        BySim(_subscriptions),
        _subscriptions.Count(s => s.EndedAt is null),
        _subscriptions
            .Where(s => s.SimSwaps is { Count: > 0 })
            .GroupBy(s => s.Iccid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(s => s.SimSwaps![^1]), StringComparer.Ordinal));

    /// <inheritdoc />
    public async Task<RealTimeCharges> GetRealTimeCharges()
    {
        EnsureOpen();
        var rows = await ledger.UnbilledAsync(this.GetPrimaryKeyString());
        return new RealTimeCharges(this.GetPrimaryKeyString(), state.State.Currency, rows.Count, rows.Sum(r => r.Amount));
    }

    // Subscriptions grouped by SIM, each SIM's oldest first: what RateAsync looks a record's subscription up in.
    private static Dictionary<string, List<SubscriptionInfo>> BySim(IEnumerable<SubscriptionInfo> subscriptions) =>
        subscriptions
            .GroupBy(s => s.Iccid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.ActivatedAt).ToList(), StringComparer.Ordinal);

    private static HashSet<string> Ids(IReadOnlyList<UsageRecordIn> records)
    {
        var ids = new HashSet<string>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            ids.Add(record.RecordId);
        }

        return ids;
    }

    // The rating context of the account's time zone, kept while the zone stays the same.
    private RatingContext Context()
    {
        if (_context is not { } held || held.TimeZone != state.State.TimeZone)
        {
            _context = held = (state.State.TimeZone, RatingContext.For(state.State.TimeZone));
        }

        return held.Context;
    }

    // The key of the billing cycle containing `at`: the last period found is kept (with the cycle and zone it was cut
    // by), since a batch's records nearly always fall into the same one.
    private string CycleKeyAt(DateTimeOffset at)
    {
        if (_period is { } last && last.Cycle == state.State.BillingCycle && last.Period.TimeZoneId == state.State.TimeZone
            && at >= last.Period.StartUtc && at < last.Period.EndUtc)
        {
            return last.Key;
        }

        var period = BillingCycle.Parse(state.State.BillingCycle).Containing(at, state.State.TimeZone);
        _period = (state.State.BillingCycle, period, period.Key);
        return _period.Value.Key;
    }

    private async Task<CycleCounters> CountersAsync(string cycleKey)
    {
        if (!_cycles.TryGetValue(cycleKey, out var counters))
        {
            counters = new CycleCounters(cycleKey);
            var cycleThresholds = await thresholds.LoadAsync(this.GetPrimaryKeyString(), cycleKey);
            foreach (var (iccid, encoded, amount) in await ledger.CountersAsync(this.GetPrimaryKeyString(), cycleKey))
            {
                counters.Apply(iccid, encoded);
                cycleThresholds.AddCharged(iccid, amount);
            }

            _cycles[cycleKey] = counters;
            _thresholds[cycleKey] = cycleThresholds;
        }

        return counters;
    }

    private void ForgetCycles()
    {
        _cycles.Clear();
        _thresholds.Clear();
    }

    private decimal? CheckLimit(decimal? amount)
    {
        if (amount is not { } limit)
        {
            return null;
        }

        var currency = Currency.Parse(state.State.Currency);
        if (limit <= 0m)
        {
            throw new DomainException("INVALID_LIMIT", "amount", $"amount {limit} must be above 0 {currency.Code}; send null to remove the limit.");
        }

        if (decimal.Round(limit, currency.MinorUnits) != limit)
        {
            throw new DomainException(
                "INVALID_LIMIT",
                "amount",
                $"amount {limit} has more decimals than {currency.Code} has ({currency.MinorUnits}); round it, e.g. to {decimal.Round(limit, currency.MinorUnits, MidpointRounding.AwayFromZero)}.");
        }

        return limit;
    }

    private static decimal BaseQuantity(ProductOffering product, UsageRecordIn record) =>
        record.BaseUnitKnown ? record.BaseQuantity : UsageQuantities.ToBase(product, record.ServiceType, record.Quantity, record.Unit);

    private static RatedUsageRow ToRow(UsageRecordIn record, SubscriptionInfo subscription, ProductOffering product, RatingResult result, Priced priced, DateTimeOffset now)
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
            record.RecordId, subscription.Iccid, subscription.AccountId, result.CycleKey, record.ServiceType, record.Quantity, record.Unit,
            record.OccurredAt, product.Id, product.Version, rateUnit, units, included, billable, effectivePrice,
            priced.Unrounded, priced.Rounded, product.Currency.Code, priced.Steps, now, null, CycleCounters.Encode(result.CounterDeltas),
            record.DurationSeconds, record.Destination, record.VisitedNetwork, priced.Charges);
    }

    private void EnsureOpen()
    {
        if (!state.RecordExists)
        {
            throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{this.GetPrimaryKeyString()}' does not exist; create the customer first.");
        }
    }

    private AccountInfo Describe() => new(
        this.GetPrimaryKeyString(),
        state.State.CustomerId,
        state.State.Currency,
        state.State.TimeZone,
        _subscriptions.ToList(),
        state.State.TaxJurisdiction,
        state.State.PayerAccountId,
        state.State.BillingCycle,
        state.State.ChildAccountIds.ToList(),
        state.State.CreditLimit,
        new Dictionary<string, decimal>(state.State.SimChargeLimits, StringComparer.Ordinal));
}

/// <summary>An account's subscriptions grouped by SIM, the number still open, and when each swapped-in SIM took over.</summary>
internal sealed record SubscriptionIndexView(Dictionary<string, List<SubscriptionInfo>> BySim, int Open, Dictionary<string, DateTimeOffset> SwappedInAt);
