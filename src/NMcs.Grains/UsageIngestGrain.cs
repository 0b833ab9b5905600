using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using Orleans.Concurrency;

namespace NMcs.Grains;

/// <summary>
/// Ingestion front: looks up each SIM of a batch once, then sends every paying account one call with all its
/// records, so an account's SIMs share pooled allowances in the order their usage happened. Never one grain call
/// per record. Stateless, so every silo runs as many as it needs locally.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UsageIngestGrain : Grain, IUsageIngestGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> Ingest(IReadOnlyList<UsageRecordIn> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var iccids = records.Select(r => r.Iccid).Distinct(StringComparer.Ordinal).ToList();
        var sims = await Task.WhenAll(iccids.Select(iccid => GrainFactory.GetGrain<ISimGrain>(iccid).GetInfo()));
        var subscriptionBySim = new Dictionary<string, SubscriptionInfo>(StringComparer.Ordinal);
        var historyBySim = new Dictionary<string, IReadOnlyList<SubscriptionInfo>>(StringComparer.Ordinal);
        var outcomes = new List<UsageOutcome>(records.Count);
        for (var i = 0; i < iccids.Count; i++)
        {
            // A suspended or terminated SIM still gets its late records rated by the subscription of their time;
            // the account grain refuses records after the end.
            if (sims[i] is { Status: SimStatus.Active or SimStatus.Suspended or SimStatus.Terminated, Subscription: { } subscription } sim)
            {
                subscriptionBySim[iccids[i]] = subscription;
                historyBySim[iccids[i]] = sim.AllSubscriptions;
            }
        }

        foreach (var record in records.Where(r => !subscriptionBySim.ContainsKey(r.Iccid)))
        {
            var sim = sims[iccids.IndexOf(record.Iccid)];
            var status = sim is null ? "not registered" : sim.Status.ToString();
            outcomes.Add(UsageOutcome.Rejected(record.Index, record.RecordId, "iccid", $"iccid {record.Iccid} is {status}; usage is rated only for an active SIM."));
        }

        var calls = records
            .Where(r => subscriptionBySim.ContainsKey(r.Iccid))
            .GroupBy(r => subscriptionBySim[r.Iccid].AccountId, StringComparer.Ordinal)
            .Select(group =>
            {
                var subscriptions = group.Select(r => r.Iccid).Distinct(StringComparer.Ordinal).SelectMany(iccid => historyBySim[iccid]).ToList();
                return GrainFactory.GetGrain<IAccountGrain>(group.Key).RateUsage(subscriptions, group.ToList());
            });
        foreach (var result in await Task.WhenAll(calls))
        {
            outcomes.AddRange(result);
        }

        return outcomes.OrderBy(o => o.Index).ToList();
    }
}
