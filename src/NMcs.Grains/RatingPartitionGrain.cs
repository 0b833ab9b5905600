using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.Thresholds;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>
/// Rates the usage of the payer accounts of one partition (<see cref="RatingPartitions"/>): holds each account's
/// counters and thresholds, rates the records of many accounts in one call, in time order per account, and commits
/// all their ledger rows and threshold events in one append. One call at a time, so an account's counters are never
/// read by two calls at once. At the fleet shape (10 SIMs per account) one ingest batch touches thousands of
/// accounts: one grain call per account cost as much as rating itself; here a batch costs one call per partition.
/// </summary>
public sealed class RatingPartitionGrain(
    UsageLedger ledger,
    ProductCatalog catalog,
    TariffRuleService rules,
    SuspendedUsageStore suspendedUsage,
    ThresholdMonitor thresholds,
    AccountProfileReader profiles,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, IRatingPartitionGrain
{
    /// <summary>How long an account the partition has not rated for keeps its counters here.</summary>
    private static readonly TimeSpan IdleAccountTime = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, AccountRater> _raters = new(StringComparer.Ordinal);
    private long _lastSweep = Environment.TickCount64;

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateAccounts(IReadOnlyList<AccountUsage> accounts, bool duplicatesChecked)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var started = Stopwatch.GetTimestamp();
        var raters = new AccountRater[accounts.Count];
        for (var a = 0; a < accounts.Count; a++)
        {
            raters[a] = Rater(accounts[a].AccountId);
        }

        await RefreshProfilesAsync(raters);

        var call = NewCall();
        await LoadCyclesAsync(call, raters, accounts);
        var passes = new List<RatingPass>(accounts.Count);
        var existing = duplicatesChecked ? [] : await ledger.FindAcceptedAsync(Ids(accounts.SelectMany(a => a.Records)));
        for (var a = 0; a < accounts.Count; a++)
        {
            var rater = raters[a];
            if (rater.Index is not { } index)
            {
                // Not an account (any more): its SIMs' grains decide.
                continue;
            }

            var records = accounts[a].Records;
            List<UsageRecordIn>? mine = null;
            for (var r = 0; r < records.Count; r++)
            {
                var record = records[r];

                // Only SIMs with an open subscription: a terminated or swapped-out SIM's late records go through its SIM
                // grain. A SIM that took over a subscription in a SIM swap owns it only from the swap on: its earlier
                // records go through its SIM grain too, which refuses them.
                var skip = !index.BySim.TryGetValue(record.Iccid, out var latest) || latest.EndedAt is not null
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

            IReadOnlyList<UsageRecordIn> rated = mine ?? records;
            if (rated.Count > 0)
            {
                passes.Add(await rater.RateAsync(call, index.BySim, rated, existing));
            }
        }

        return await CommitAsync(passes, resumeSuspended: false, started);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateUsage(string accountId, IReadOnlyList<SubscriptionInfo> subscriptions, IReadOnlyList<UsageRecordIn> records, bool resumeSuspended)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(records);
        var started = Stopwatch.GetTimestamp();
        var rater = Rater(accountId);
        await RefreshProfilesAsync([rater]);
        if (rater.Profile is null)
        {
            throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' does not exist; create the customer first.");
        }

        // A suspended record was accepted: sending it again is a duplicate too (unless this call resumes it).
        var ids = Ids(records);
        var existing = resumeSuspended ? await ledger.FindExistingAsync(ids) : await ledger.FindAcceptedAsync(ids);
        var pass = await rater.RateAsync(NewCall(), SubscriptionIndexView.Group(subscriptions), records, existing);
        return await CommitAsync([pass], resumeSuspended, started);
    }

    /// <inheritdoc />
    public Task Refresh(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (_raters.TryGetValue(accountId, out var rater))
        {
            rater.MarkChanged();
        }

        return Task.CompletedTask;
    }

    private RatingCall NewCall() => new(ledger, catalog, thresholds, new RulePricing(rules.Active), clock.GetUtcNow());

    private AccountRater Rater(string accountId)
    {
        var now = Environment.TickCount64;
        if (now - _lastSweep > 60_000)
        {
            // Accounts idle for a while give their counters back; they are read from the ledger again when needed.
            _lastSweep = now;
            var idle = (long)IdleAccountTime.TotalMilliseconds;
            foreach (var (id, held) in _raters)
            {
                if (now - held.LastUsed > idle)
                {
                    _raters.Remove(id);
                }
            }
        }

        if (!_raters.TryGetValue(accountId, out var rater))
        {
            rater = new AccountRater(accountId);
            _raters[accountId] = rater;
        }

        rater.LastUsed = now;
        return rater;
    }

    // Reads the profiles of raters whose profile is missing or outdated from the store, all at once; asks the grains
    // of those the store cannot answer for (see AccountProfileReader).
    private async Task RefreshProfilesAsync(IReadOnlyList<AccountRater> raters)
    {
        List<(AccountRater Rater, long Generation)>? stale = null;
        foreach (var rater in raters)
        {
            if (!rater.IsCurrent)
            {
                (stale ??= []).Add((rater, rater.Generation));
            }
        }

        if (stale is null)
        {
            return;
        }

        var read = await profiles.ReadAsync(stale.Select(s => s.Rater.AccountId).ToList());
        List<(AccountRater Rater, long Generation, Task<AccountRatingProfile?> Profile)>? asked = null;
        foreach (var (rater, generation) in stale)
        {
            // A change reported while the answer was on its way leaves the rater outdated: read again next call.
            if (read.TryGetValue(rater.AccountId, out var profile))
            {
                rater.Install(profile, generation);
            }
            else
            {
                (asked ??= []).Add((rater, generation, GrainFactory.GetGrain<IAccountGrain>(rater.AccountId).GetRatingProfile()));
            }
        }

        if (asked is not null)
        {
            await Task.WhenAll(asked.Select(a => a.Profile));
            foreach (var (rater, generation, profile) in asked)
            {
                rater.Install(await profile, generation);
            }
        }
    }

    // Counters and thresholds of the cycles the call's records fall in, read from the store for the accounts that do
    // not hold them yet (an account's first records since the partition took it on): per cycle, the accounts' ledger
    // rows and raised thresholds a few hundred accounts to a query. After a start, one query per account made the
    // first batches wait seconds.
    private static async Task LoadCyclesAsync(RatingCall call, AccountRater[] raters, IReadOnlyList<AccountUsage> accounts)
    {
        var missing = new HashSet<(AccountRater Rater, string Cycle)>();
        for (var a = 0; a < raters.Length; a++)
        {
            raters[a].AddMissingCycles(accounts[a].Records, missing);
        }

        foreach (var cycle in missing.GroupBy(m => m.Cycle, m => m.Rater, StringComparer.Ordinal))
        {
            var ids = cycle.Select(r => r.AccountId).ToList();
            var raised = await call.Thresholds.LoadAsync(ids, cycle.Key);
            var rows = await call.Ledger.CountersAsync(ids, cycle.Key);
            foreach (var rater in cycle)
            {
                rater.InstallCycle(cycle.Key, rows.GetValueOrDefault(rater.AccountId) ?? [], raised[rater.AccountId]);
            }
        }
    }

    // One append for every account of the call, then what each account's outcome depends on it.
    private async Task<IReadOnlyList<UsageOutcome>> CommitAsync(List<RatingPass> passes, bool resumeSuspended, long started)
    {
        var rows = new List<RatedUsageRow>();
        var events = new List<ThresholdEvent>();
        var suspendedNow = new List<SuspendedUsage>();
        var outcomeCount = 0;
        foreach (var pass in passes)
        {
            rows.AddRange(pass.Rows);
            events.AddRange(pass.Events);
            suspendedNow.AddRange(pass.Suspended);
            outcomeCount += pass.Outcomes.Length;
        }

        LedgerAppend appended;
        try
        {
            appended = await ledger.AppendWithThresholdEventsAsync(rows, events);
        }
        catch
        {
            // Nothing of this call is in the ledger: forget counters and thresholds that already counted it.
            foreach (var pass in passes)
            {
                pass.Rater.ForgetCycles();
            }

            throw;
        }

        thresholds.Publish(appended.RaisedEvents);
        var conflicts = appended.Conflicts;
        var outcomes = new List<UsageOutcome>(outcomeCount);
        foreach (var pass in passes)
        {
            if (conflicts.Count > 0)
            {
                // Another writer stored some of these ids first: they are duplicates, and the counters are re-read.
                var hit = false;
                for (var j = 0; j < pass.Rows.Count; j++)
                {
                    if (conflicts.Contains(pass.Rows[j].RecordId))
                    {
                        var i = pass.RowIndex[j];
                        pass.Outcomes[i] = pass.Outcomes[i] with { Status = UsageOutcomeStatus.Duplicate, Amount = null };
                        hit = true;
                    }
                }

                if (hit)
                {
                    pass.Rater.ForgetCycles();
                }
            }

            outcomes.AddRange(pass.Outcomes);
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

    private static HashSet<string> Ids(IEnumerable<UsageRecordIn> records)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            ids.Add(record.RecordId);
        }

        return ids;
    }
}
