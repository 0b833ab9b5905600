using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>
/// What-if before publish: re-rates the usage a product actually rated in one cycle under a candidate version
/// (usually a draft) and reports the revenue difference per account and in total. Pure re-computation over the
/// ledger: nothing is written, real charges are untouched.
/// </summary>
public sealed class WhatIfAnalysis(UsageLedger ledger, ProductCatalog catalog, IGrainFactory grains, TariffRuleService rules)
{
    /// <summary>
    /// Re-rates <paramref name="period"/>'s usage of <paramref name="productId"/> under a candidate product version
    /// (<paramref name="candidateVersion"/>; null keeps the version each record was rated with) and/or a candidate
    /// tariff rule (<paramref name="candidateRuleSource"/>, C# source; it replaces the active rule of the same name,
    /// other rules stay as deployed). Records a rule cannot price count as unrated.
    /// </summary>
    public async Task<WhatIfReport> RunAsync(string productId, int? candidateVersion, string period, string? candidateRuleSource = null, CancellationToken cancellationToken = default)
    {
        if (candidateVersion is null && string.IsNullOrWhiteSpace(candidateRuleSource))
        {
            throw new DomainException("NOTHING_TO_COMPARE", "candidateVersion", "give candidateVersion (a product version, e.g. a draft) or candidateRule (C# source of a tariff rule), or both.");
        }

        ProductOffering? candidate = null;
        if (candidateVersion is int version)
        {
            candidate = await catalog.FindAsync(productId, version, cancellationToken)
                ?? throw new DomainException("UNKNOWN_PRODUCT", "candidateVersion", $"product {productId} has no version {version}; save the candidate as a draft first.");
        }

        NMcs.Time.BillingPeriod.Parse(period, "UTC");
        var versions = await catalog.VersionsAsync(productId, cancellationToken);
        var rule = string.IsNullOrWhiteSpace(candidateRuleSource) ? null : rules.BuildCandidate(candidateRuleSource, "candidate.cs");
        try
        {
            var pricing = new RulePricing(name => rule is not null && name == rule.Name ? rule : rules.Active(name));
            var rows = await ledger.ForProductAsync(productId, period, cancellationToken);
            var accounts = new List<WhatIfAccount>();
            foreach (var group in rows.GroupBy(r => r.AccountId, StringComparer.Ordinal))
            {
                var account = await grains.GetGrain<IAccountGrain>(group.Key).GetInfo();
                var context = RatingContext.For(account?.TimeZone ?? "UTC");

                // Counters start empty: the whole cycle of this product is re-rated, in the order it happened.
                var counters = new CycleCounters(period);
                decimal actual = 0;
                var unrated = 0;
                var rated = new List<RatedRecord>();
                foreach (var row in group)
                {
                    actual += row.Amount;
                    var product = candidate ?? versions.Find(row.ProductVersion);
                    if (product is null)
                    {
                        unrated++;
                        continue;
                    }

                    try
                    {
                        var usage = new UsageRecord(
                            row.RecordId,
                            row.Service,
                            UsageQuantities.ToBase(product, row.Service, row.Quantity, row.Unit),
                            row.OccurredAt,
                            row.DurationSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : null,
                            row.Destination,
                            row.VisitedNetwork);
                        var result = RatingEngine.Rate(RatingPlan.For(product), usage, counters.For(row.Iccid), context);
                        counters.Apply(row.Iccid, result.CounterDeltas);
                        rated.Add(new RatedRecord(product, usage, result, context));
                    }
                    catch (DomainException)
                    {
                        // The candidate cannot price this record (e.g. it drops a service): counted, not guessed.
                        unrated++;
                    }
                }

                var facts = new NMcs.Rules.AccountFacts(group.Key, account?.Currency ?? string.Empty, account?.Subscriptions.Count ?? 0);
                var priced = pricing.Price(rated, facts);
                var rerated = priced.Where(p => p.SuspendedBy is null).Sum(p => p.Unrounded);
                unrated += priced.Count(p => p.SuspendedBy is not null);
                accounts.Add(new WhatIfAccount(group.Key, account?.CustomerId, group.Count(), unrated, actual, rerated, rerated - actual));
            }

            return new WhatIfReport(
                productId,
                candidateVersion,
                period,
                candidate?.Currency.Code ?? (versions.Versions.Count > 0 ? versions.Versions[0].Currency.Code : null) ?? string.Empty,
                rows.Count,
                accounts.Sum(a => a.UnratedRecords),
                accounts.Sum(a => a.ActualAmount),
                accounts.Sum(a => a.CandidateAmount),
                accounts.Sum(a => a.Difference),
                accounts,
                rule is null ? null : $"{rule.Name} (candidate)");
        }
        finally
        {
            rule?.Unload();
        }
    }
}
