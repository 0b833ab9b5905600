using NMcs.Abstractions.Grains;
using NMcs.Rating.Engine;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>
/// What-if before publish: re-rates the usage a product actually rated in one cycle under a candidate version
/// (usually a draft) and reports the revenue difference per account and in total. Pure re-computation over the
/// ledger: nothing is written, real charges are untouched.
/// </summary>
public sealed class WhatIfAnalysis(UsageLedger ledger, ProductCatalog catalog, IGrainFactory grains)
{
    /// <summary>Re-rates <paramref name="period"/>'s usage of <paramref name="productId"/> with <paramref name="candidateVersion"/>.</summary>
    public async Task<WhatIfReport> RunAsync(string productId, int candidateVersion, string period, CancellationToken cancellationToken = default)
    {
        var candidate = await catalog.FindAsync(productId, candidateVersion, cancellationToken)
            ?? throw new DomainException("UNKNOWN_PRODUCT", "candidateVersion", $"product {productId} has no version {candidateVersion}; save the candidate as a draft first.");
        NMcs.Time.BillingPeriod.Parse(period, "UTC");
        var plan = RatingPlan.For(candidate);
        var rows = await ledger.ForProductAsync(productId, period, cancellationToken);
        var accounts = new List<WhatIfAccount>();
        foreach (var group in rows.GroupBy(r => r.AccountId, StringComparer.Ordinal))
        {
            var account = await grains.GetGrain<IAccountGrain>(group.Key).GetInfo();
            var context = RatingContext.For(account?.TimeZone ?? "UTC");

            // Counters start empty: the whole cycle of this product is re-rated, in the order it happened.
            var counters = new CycleCounters(period);
            decimal actual = 0, rerated = 0;
            var unrated = 0;
            foreach (var row in group)
            {
                actual += row.Amount;
                try
                {
                    var usage = new UsageRecord(
                        row.RecordId,
                        row.Service,
                        UsageQuantities.ToBase(candidate, row.Service, row.Quantity, row.Unit),
                        row.OccurredAt,
                        row.DurationSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : null,
                        row.Destination,
                        row.VisitedNetwork);
                    var result = RatingEngine.Rate(plan, usage, counters.For(row.Iccid), context);
                    counters.Apply(row.Iccid, result.CounterDeltas);
                    rerated += result.UnroundedTotal;
                }
                catch (DomainException)
                {
                    // The candidate cannot price this record (e.g. it drops a service): counted, not guessed.
                    unrated++;
                }
            }

            accounts.Add(new WhatIfAccount(group.Key, account?.CustomerId, group.Count(), unrated, actual, rerated, rerated - actual));
        }

        var currency = candidate.Currency.Code;
        return new WhatIfReport(
            productId,
            candidateVersion,
            period,
            currency,
            rows.Count,
            accounts.Sum(a => a.UnratedRecords),
            accounts.Sum(a => a.ActualAmount),
            accounts.Sum(a => a.CandidateAmount),
            accounts.Sum(a => a.Difference),
            accounts);
    }
}
