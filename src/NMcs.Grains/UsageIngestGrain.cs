using System.Runtime.InteropServices;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Storage;
using Orleans.Concurrency;

namespace NMcs.Grains;

/// <summary>
/// Ingestion front. For a batch it looks every record id up in the ledger once, finds each SIM's paying account
/// (from the per-silo <see cref="SimAccountCache"/>, else from the SIM's open subscription row, else from the SIM
/// grain — so usage of an ordinary SIM never activates its SIM grain), then sends every rating partition one call with
/// the records of all its accounts, so an account's SIMs share pooled allowances in the order their usage happened.
/// Never one grain call per record, nor per account. Stateless, so every silo runs as many as it needs locally.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UsageIngestGrain(UsageLedger ledger, SimAccountCache accounts, AccountSubscriptionStore subscriptions) : Grain, IUsageIngestGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> Ingest(IReadOnlyList<UsageRecordIn> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var outcomes = new List<UsageOutcome>(records.Count);

        // De-duplicate against the ledger once for the whole batch (rated or suspended earlier); the ledger's key
        // still refuses an id that another batch stores between this lookup and the account's commit.
        var accepted = await ledger.FindAcceptedAsync(new RecordIds(records));
        var fresh = new List<UsageRecordIn>(records.Count);
        foreach (var record in records)
        {
            if (accepted.Contains(record.RecordId))
            {
                outcomes.Add(new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Duplicate, null, null, null));
            }
            else
            {
                fresh.Add(record);
            }
        }

        var viaSim = new HashSet<string>(StringComparer.Ordinal);
        await LearnAccountsAsync(fresh, outcomes, viaSim);

        // Each record's account looked up once: another batch may drop a cache entry meanwhile, and such a record
        // simply goes through its SIM grain. Records go to their accounts' rating partitions, one call per partition.
        // Grouped by partition first: one dictionary of a batch's accounts would have an entry array on the large
        // object heap (a 5,000-record batch names about 4,000 accounts), a 32nd of them per partition does not.
        var byPartition = new Dictionary<string, List<UsageRecordIn>>?[RatingPartitions.Count];
        var unknown = new List<UsageRecordIn>();
        foreach (var record in fresh)
        {
            if (!viaSim.Contains(record.Iccid) && accounts.TryGet(record.Iccid, out var accountId))
            {
                var ofPartition = byPartition[RatingPartitions.Of(accountId)] ??= new Dictionary<string, List<UsageRecordIn>>(StringComparer.Ordinal);
                (CollectionsMarshal.GetValueRefOrAddDefault(ofPartition, accountId, out _) ??= []).Add(record);
            }
            else
            {
                unknown.Add(record);
            }
        }

        var calls = byPartition.Select((ofPartition, partition) => (ofPartition, partition)).Where(p => p.ofPartition is not null).Select(async p =>
        {
            List<AccountUsage> sent = [.. p.ofPartition!.Select(a => new AccountUsage(a.Key, a.Value))];
            return (Sent: sent, Outcomes: await accounts.Partition(p.partition).RateAccounts(sent, duplicatesChecked: true));
        });
        foreach (var (sent, answered) in await Task.WhenAll(calls))
        {
            outcomes.AddRange(answered);
            var count = sent.Sum(a => a.Records.Count);
            if (answered.Count != count)
            {
                // The account holds no open subscription for these SIMs: forget where we looked, ask each SIM itself.
                var done = answered.Select(o => o.Index).ToHashSet();
                foreach (var record in sent.SelectMany(a => a.Records).Where(r => !done.Contains(r.Index)))
                {
                    accounts.Remove(record.Iccid);
                    unknown.Add(record);
                }
            }
        }

        foreach (var result in await Task.WhenAll(unknown.GroupBy(r => r.Iccid, StringComparer.Ordinal)
            .Select(group => GrainFactory.GetGrain<ISimGrain>(group.Key).RateUsage(group.ToList()))))
        {
            outcomes.AddRange(result);
        }

        return outcomes.OrderBy(o => o.Index).ToList();
    }

    // Learns the account of every SIM not in the cache yet: from its one open, never swapped subscription row (the
    // account grain still decides whether that subscription rates the record, and hands back a SIM it holds no open
    // subscription for), else from its SIM grain: an activated or deactivated SIM gets its account cached,
    // the records of a test-ready or retired SIM are left to its own grain (added to viaSim), the records of any
    // other SIM are rejected here.
    private async Task LearnAccountsAsync(List<UsageRecordIn> records, List<UsageOutcome> outcomes, HashSet<string> viaSim)
    {
        var missing = records.Select(r => r.Iccid).Where(iccid => !accounts.TryGet(iccid, out _)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // Keyed by the records' own ICCID strings (the SIM directory's), not the copies the store answers with: the
        // cache keeps one entry per active SIM of the silo.
        var open = await subscriptions.OpenAccountsAsync(missing);
        foreach (var iccid in missing)
        {
            if (open.TryGetValue(iccid, out var accountId))
            {
                accounts.Set(iccid, accountId);
            }
        }

        missing.RemoveAll(iccid => accounts.TryGet(iccid, out _));
        if (missing.Count == 0)
        {
            return;
        }

        var sims = await Task.WhenAll(missing.Select(iccid => GrainFactory.GetGrain<ISimGrain>(iccid).GetInfo()));
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < missing.Count; i++)
        {
            // A suspended or terminated SIM still gets its late records rated by the subscription of their time;
            // the account grain refuses records after the end.
            if (sims[i] is { Status: SimStatus.Activated or SimStatus.Deactivated, Subscription: { } subscription })
            {
                accounts.Set(missing[i], subscription.AccountId);
            }
            else if (sims[i] is { Status: SimStatus.TestReady or SimStatus.Retired })
            {
                // The SIM decides: free test quota, or a retired SIM's late usage (after a SIM swap, usage from the
                // swap on is the new SIM's).
                viaSim.Add(missing[i]);
            }
            else
            {
                refused[missing[i]] = sims[i] is null ? "not registered" : Orders.SimLifecycle.ApiName(sims[i]!.Status);
            }
        }

        if (refused.Count == 0)
        {
            return;
        }

        records.RemoveAll(record =>
        {
            if (!refused.TryGetValue(record.Iccid, out var status))
            {
                return false;
            }

            outcomes.Add(UsageOutcome.Rejected(record.Index, record.RecordId, "iccid", $"iccid {record.Iccid} is {status}; usage is rated only for an ACTIVATED or DEACTIVATED SIM."));
            return true;
        });
    }

    // The ids of a batch's records as the ledger's lookup reads them (in chunks), without copying them into a set of
    // their own: one for a 5,000-record batch would be a large object heap array.
    private sealed class RecordIds(IReadOnlyList<UsageRecordIn> records) : IReadOnlyCollection<string>
    {
        public int Count => records.Count;

        public IEnumerator<string> GetEnumerator()
        {
            foreach (var record in records)
            {
                yield return record.RecordId;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
