using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains.State;
using NMcs.Rating.Engine;
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
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, IAccountGrain
{
    // Counters of the cycles rated since activation, rebuilt from the ledger on first use of a cycle.
    private readonly Dictionary<string, CycleCounters> _cycles = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<AccountInfo> Open(string customerId, string currency, string timeZone)
    {
        if (state.RecordExists)
        {
            if (state.State.CustomerId != customerId)
            {
                throw new DomainException("ACCOUNT_EXISTS", "accountId", $"account {this.GetPrimaryKeyString()} belongs to customer {state.State.CustomerId}.");
            }

            return Describe();
        }

        state.State = new AccountState { CustomerId = customerId, Currency = currency, TimeZone = timeZone };
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public Task<AccountInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task AddSubscription(SubscriptionInfo subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        EnsureOpen();
        if (state.State.Subscriptions.Any(s => s.Id == subscription.Id))
        {
            return;
        }

        state.State.Subscriptions.Add(subscription);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateUsage(SubscriptionInfo subscription, IReadOnlyList<UsageRecordIn> records)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        var started = Stopwatch.GetTimestamp();
        var versions = await catalog.VersionsAsync(subscription.ProductId);
        var context = RatingContext.For(state.State.TimeZone);
        var existing = await ledger.FindExistingAsync(records.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new UsageOutcome[records.Count];
        var rows = new List<RatedUsageRow>();
        var rowIndex = new List<int>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (existing.Contains(record.RecordId) || !seen.Add(record.RecordId))
            {
                outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Duplicate, null, null, null);
                continue;
            }

            if (record.OccurredAt < subscription.ActivatedAt)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"timestamp {record.OccurredAt:O} is before iccid {subscription.Iccid} was activated ({subscription.ActivatedAt:O}).");
                continue;
            }

            var product = versions.InForceAt(record.OccurredAt);
            if (product is null)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"no published version of product {subscription.ProductId} is in force at {record.OccurredAt:O}; publish one covering that time.");
                continue;
            }

            try
            {
                var cycle = await CountersAsync(BillingPeriod.MonthlyContaining(record.OccurredAt, state.State.TimeZone).Key);
                var usage = new UsageRecord(
                    record.RecordId,
                    record.ServiceType,
                    BaseQuantity(product, record),
                    record.OccurredAt,
                    record.DurationSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : null,
                    record.Destination,
                    record.VisitedNetwork);
                var result = RatingEngine.Rate(RatingPlan.For(product), usage, cycle.For(subscription.Iccid), context);
                if (result.Parts.FirstOrDefault(p => p.Rule is not null) is { } ruled)
                {
                    throw new DomainException("RULE_NOT_AVAILABLE", "serviceType", $"charge {ruled.ChargeId} of product {product.Id} v{product.Version} needs rule {ruled.Rule!.Name}, and rule plugins are not active on this platform yet.");
                }

                cycle.Apply(subscription.Iccid, result.CounterDeltas);
                rows.Add(ToRow(record, subscription, product, result, now));
                rowIndex.Add(i);
                outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Rated, null, null, result.UnroundedTotal);
            }
            catch (DomainException e)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, e.Field, e.Message);
            }
        }

        HashSet<string> conflicts;
        try
        {
            conflicts = await ledger.AppendAsync(rows);
        }
        catch
        {
            // Nothing of this batch is in the ledger: forget counters that already counted it.
            _cycles.Clear();
            throw;
        }

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

            _cycles.Clear();
        }

        NMcsMetrics.RatingDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return outcomes;
    }

    /// <inheritdoc />
    public async Task<RealTimeCharges> GetRealTimeCharges()
    {
        EnsureOpen();
        var rows = await ledger.UnbilledAsync(this.GetPrimaryKeyString());
        return new RealTimeCharges(this.GetPrimaryKeyString(), state.State.Currency, rows.Count, rows.Sum(r => r.Amount));
    }

    private async Task<CycleCounters> CountersAsync(string cycleKey)
    {
        if (!_cycles.TryGetValue(cycleKey, out var counters))
        {
            counters = new CycleCounters(cycleKey);
            foreach (var (iccid, encoded) in await ledger.CountersAsync(this.GetPrimaryKeyString(), cycleKey))
            {
                counters.Apply(iccid, encoded);
            }

            _cycles[cycleKey] = counters;
        }

        return counters;
    }

    private static decimal BaseQuantity(ProductOffering product, UsageRecordIn record) =>
        record.BaseUnitKnown ? record.BaseQuantity : UsageQuantities.ToBase(product, record.ServiceType, record.Quantity, record.Unit);

    private static RatedUsageRow ToRow(UsageRecordIn record, SubscriptionInfo subscription, ProductOffering product, RatingResult result, DateTimeOffset now)
    {
        decimal units = 0, included = 0, billable = 0;
        foreach (var part in result.Parts)
        {
            units += part.Units;
            included += part.Units - part.BillableUnits;
            billable += part.BillableUnits;
        }

        var rateUnit = result.Parts.Count > 0 ? result.Parts[0].RateUnit : record.Unit;
        var effectivePrice = billable == 0 ? 0m : result.UnroundedTotal / billable;
        var steps = string.Join(" | ", result.Parts.SelectMany(p => p.Steps));
        return new RatedUsageRow(
            record.RecordId, subscription.Iccid, subscription.AccountId, result.CycleKey, record.ServiceType, record.Quantity, record.Unit,
            record.OccurredAt, product.Id, product.Version, rateUnit, units, included, billable, effectivePrice,
            result.UnroundedTotal, result.Total, product.Currency.Code, steps, now, null, CycleCounters.Encode(result.CounterDeltas),
            record.DurationSeconds, record.Destination, record.VisitedNetwork);
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
        state.State.Subscriptions.ToList());
}
