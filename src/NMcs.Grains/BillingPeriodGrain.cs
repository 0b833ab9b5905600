using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing;
using NMcs.Billing.Recurring;
using NMcs.Catalog.Model;
using NMcs.Rating.Engine;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains;

/// <summary>
/// One account's billing period. Closing gathers the account's subscriptions and unbilled rated usage up to the
/// period end, composes the invoice and issues it in one database transaction; the invoice store's uniqueness on
/// (account, period) makes a repeated or resumed close return the invoice already issued.
/// </summary>
public sealed class BillingPeriodGrain(
    UsageLedger ledger,
    InvoiceStore invoices,
    ProductCatalog catalog,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, IBillingPeriodGrain
{
    /// <inheritdoc />
    public async Task<InvoiceInfo> Close()
    {
        var (account, period) = await ResolveAsync();
        var existing = await invoices.FindAsync(account.Id, period.Key);
        if (existing is null)
        {
            var now = clock.GetUtcNow();
            if (now < period.EndUtc)
            {
                throw new DomainException(
                    "PERIOD_NOT_ENDED",
                    "period",
                    $"period {period.Key} of account {account.Id} ends at {period.EndUtc:O}; it can be billed after that (platform time is {now:O}). Use invoicePreview for an estimate.");
            }

            var (draft, billed, segments) = await ComposeAsync(account, period);
            existing = await invoices.IssueAsync(account.Id, period.Key, draft, billed, now, segments);
            NMcsMetrics.InvoicesIssued.Inc();
        }

        return ToInfo(existing);
    }

    /// <inheritdoc />
    public async Task<InvoiceInfo?> GetInvoice()
    {
        var (accountId, periodKey) = GrainKeys.ParseBillingPeriod(this.GetPrimaryKeyString());
        var invoice = await invoices.FindAsync(accountId, periodKey);
        return invoice is null ? null : ToInfo(invoice);
    }

    /// <inheritdoc />
    public async Task<InvoiceInfo> Preview()
    {
        var (account, period) = await ResolveAsync();
        var issued = await invoices.FindAsync(account.Id, period.Key);
        if (issued is not null)
        {
            return ToInfo(issued);
        }

        var (draft, _, _) = await ComposeAsync(account, period);
        return InvoiceMapping.ToInfo(draft, $"{account.Id}:{period.Key}", account.Id, period.Key, clock.GetUtcNow());
    }

    private async Task<(AccountInfo Account, BillingPeriod Period)> ResolveAsync()
    {
        var (accountId, periodKey) = GrainKeys.ParseBillingPeriod(this.GetPrimaryKeyString());
        var account = await GrainFactory.GetGrain<IAccountGrain>(accountId).GetInfo()
            ?? throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' does not exist; bill runs need an existing payer account.");
        if (!account.IsPayer)
        {
            throw new DomainException("NOT_A_PAYER", "accountId", $"account {accountId} does not pay its own bills: its charges are invoiced to payer {account.PayerAccountId}; run billing for {account.PayerAccountId}.");
        }

        return (account, BillingPeriod.Parse(periodKey, account.TimeZone, BillingCycle.Parse(account.BillingCycle)));
    }

    private async Task<(InvoiceDraft Draft, IReadOnlyList<string> BilledRecordIds, IReadOnlyList<(string SubscriptionId, RecurringChargeSegment Segment)> Segments)> ComposeAsync(AccountInfo payer, BillingPeriod period)
    {
        var cycle = BillingCycle.Parse(payer.BillingCycle);
        var currency = Currency.Parse(payer.Currency);
        var zone = BillingPeriod.Zone(payer.TimeZone);
        var accounts = new List<AccountInfo> { payer };
        foreach (var childId in payer.ChildAccountIds ?? [])
        {
            if (await GrainFactory.GetGrain<IAccountGrain>(childId).GetInfo() is { } child)
            {
                accounts.Add(child);
            }
        }

        // Subscriptions that started before the period ends: the payer's own and its non-paying children's.
        var all = accounts.SelectMany(a => a.Subscriptions).Where(s => s.ActivatedAt < period.EndUtc).ToList();
        var billed = await invoices.BilledSegmentsAsync(payer.Id, all.Select(s => s.Id).ToList());
        var advanceEnd = cycle.Next(period).End;
        var subscriptions = new List<BillableSubscription>();
        var segments = new List<(string, RecurringChargeSegment)>();
        var chargeNames = new Dictionary<string, (string Name, string RateUnit, string? TaxCategory)>(StringComparer.Ordinal);
        foreach (var subscription in all)
        {
            var versions = await catalog.VersionsAsync(subscription.ProductId);
            var product = versions.Find(subscription.ProductVersion) ?? versions.InForceAt(subscription.ActivatedAt)
                ?? throw new InvalidOperationException($"product {subscription.ProductId} v{subscription.ProductVersion} is missing from the catalog");
            foreach (var version in versions.Versions)
            {
                foreach (var charge in version.UsageCharges)
                {
                    chargeNames.TryAdd(charge.Id, (charge.Name, charge.RateUnit, charge.TaxCategory));
                }
            }

            // Recurring charges: what is due up to this invoice (in arrears through this period, in advance through
            // the next), less what earlier invoices billed; the difference is this invoice's segments and credits.
            var timeline = Timeline(subscription, versions, product, cycle, period, payer.TimeZone);
            var corrections = timeline.Count == 0
                ? []
                : RecurringChargeDiffer.Corrections(
                    RecurringChargeCalculator.ForInvoice(timeline, cycle, period, timeline[0].From, currency),
                    // Only what earlier invoices billed within this invoice's windows: a later period billed first
                    // (out of order) keeps its segments and is not credited back.
                    (billed.GetValueOrDefault(subscription.Id) ?? []).Where(b => !b.ChargeId.StartsWith(OneTimeMarker, StringComparison.Ordinal)
                        && b.DueOn < (b.Timing == ChargeTiming.InAdvance ? advanceEnd : period.End)),
                    currency);
            segments.AddRange(corrections.Select(c => (subscription.Id, c)));
            var segmentCycles = corrections.Select(c =>
            {
                var of = cycle.ContainingDate(c.From, payer.TimeZone);
                return (CycleNumber(cycle, subscription, of, payer.TimeZone), of.StartUtc);
            }).ToList();
            subscriptions.Add(new BillableSubscription(
                subscription.Iccid,
                product.Name,
                product.Currency,
                corrections,
                OneTimeFees(subscription, all, product, period, billed.GetValueOrDefault(subscription.Id) ?? [], zone, segments),
                CycleNumber(cycle, subscription, period, payer.TimeZone),
                product.Discounts,
                product.Commitments,
                product.Caps,
                subscription.AccountId,
                segmentCycles));
        }

        // Usage up to the period end that no invoice has taken yet, totalled per account, SIM and catalog charge;
        // records of an earlier period (late usage) get their own adjustment lines naming that period.
        var usage = new List<UsageTotal>();
        var trueUps = new List<UsageTrueUp>();
        var billedRecords = new List<string>();
        foreach (var account in accounts)
        {
            var unbilled = (await ledger.UnbilledAsync(account.Id)).Where(r => r.OccurredAt < period.EndUtc).ToList();
            billedRecords.AddRange(unbilled.Select(r => r.RecordId));
            var totals = new Dictionary<(string Iccid, string ChargeId, string? Late), (int Records, decimal Billable, decimal Amount)>();
            foreach (var row in unbilled)
            {
                var late = row.Period != period.Key && row.OccurredAt < period.StartUtc ? row.Period : null;
                foreach (var (billable, amount, chargeId) in RatedCharges.Parse(row.Charges))
                {
                    var key = (row.Iccid, chargeId, late);
                    var current = totals.GetValueOrDefault(key);
                    totals[key] = (current.Records + 1, current.Billable + billable, current.Amount + amount);
                }
            }

            usage.AddRange(totals.Select(t =>
            {
                var (name, rateUnit, taxCategory) = chargeNames.GetValueOrDefault(t.Key.ChargeId, (t.Key.ChargeId, string.Empty, null));
                return new UsageTotal(t.Key.Iccid, t.Key.ChargeId, name, rateUnit, t.Value.Records, t.Value.Billable, t.Value.Amount, taxCategory, account.Id, t.Key.Late);
            }));
            trueUps.AddRange((await VolumeTrueUpsAsync(period, unbilled)).Select(t => t with { AccountId = account.Id }));
        }

        var taxRates = payer.TaxJurisdiction is null ? [] : await catalog.TaxRatesAsync(payer.TaxJurisdiction);
        var draft = InvoiceComposer.Compose(currency, period, subscriptions, usage, taxRates, trueUps, payer.Id);
        return (draft, billedRecords, segments);
    }

    /// <summary>
    /// The subscription's service as local days in the payer's zone: from the activation day (charged) to the end day
    /// (not charged: the day of termination or plan change belongs to what follows), cut where a new product version
    /// takes over (the version in force at the start of each billing period applies to the whole period, as usage is
    /// rated by the version in force at its time), and split into active and suspended runs (a suspension counts from
    /// the day it starts to the day of resumption, which is active again).
    /// </summary>
    private static List<ServiceInterval> Timeline(SubscriptionInfo subscription, CatalogVersions versions, ProductOffering first, BillingCycle cycle, BillingPeriod closing, string timeZone)
    {
        var zone = BillingPeriod.Zone(timeZone);
        NodaTime.LocalDate Day(DateTimeOffset at) => NodaTime.Instant.FromDateTimeOffset(at).InZone(zone).Date;
        var start = Day(subscription.ActivatedAt);
        NodaTime.LocalDate? end = subscription.EndedAt is { } ended ? Day(ended) : null;
        var intervals = new List<ServiceInterval>();
        if (end is { } last && last <= start)
        {
            return intervals;
        }

        // Runs of one product version, up to the end of the period after the one being closed (in-advance horizon).
        var horizon = cycle.Next(closing).End;
        var runs = new List<(NodaTime.LocalDate From, NodaTime.LocalDate? To, ProductOffering Product)>();
        var runFrom = start;
        var product = versions.InForceAt(subscription.ActivatedAt) ?? first;
        for (var p = cycle.Next(cycle.Containing(subscription.ActivatedAt, timeZone)); p.Start < horizon && (end is null || p.Start < end); p = cycle.Next(p))
        {
            if (versions.InForceAt(p.StartUtc) is { } next && next.Version != product.Version)
            {
                runs.Add((runFrom, p.Start, product));
                runFrom = p.Start;
                product = next;
            }
        }

        runs.Add((runFrom, end, product));
        foreach (var (from, to, version) in runs)
        {
            var cursor = from;
            var open = false;
            foreach (var span in (subscription.Suspensions ?? []).OrderBy(s => s.From))
            {
                var suspendedFrom = Day(span.From);
                NodaTime.LocalDate? suspendedTo = span.To is { } resumed ? Day(resumed) : to;
                suspendedFrom = suspendedFrom < cursor ? cursor : suspendedFrom;
                if (suspendedTo is { } st0 && to is { } t0 && st0 > t0)
                {
                    suspendedTo = to;
                }

                if ((to is { } e && suspendedFrom >= e) || (suspendedTo is { } st && st <= suspendedFrom))
                {
                    continue;
                }

                if (suspendedFrom > cursor)
                {
                    intervals.Add(new ServiceInterval(cursor, suspendedFrom, ServiceStatus.Active, version.Name, version.RecurringCharges));
                }

                intervals.Add(new ServiceInterval(suspendedFrom, suspendedTo, ServiceStatus.Suspended, version.Name, version.RecurringCharges));
                if (suspendedTo is null)
                {
                    open = true;
                    break;
                }

                cursor = suspendedTo.Value;
            }

            if (!open && (to is null || cursor < to))
            {
                intervals.Add(new ServiceInterval(cursor, to, ServiceStatus.Active, version.Name, version.RecurringCharges));
            }
        }

        return intervals;
    }

    /// <summary>
    /// One-time fees whose trigger happened before the period's end and that no invoice has billed yet: activation (a
    /// new SIM), plan change (the subscription that follows a plan change, instead of activation), termination and
    /// each SIM swap of the subscription.
    /// Each billed fee is recorded with the invoice as a marker row (<see cref="OneTimeMarker"/>), so a period that
    /// was never billed does not lose its fees and no fee is billed twice.
    /// </summary>
    private static List<Fee> OneTimeFees(
        SubscriptionInfo subscription,
        List<SubscriptionInfo> all,
        ProductOffering product,
        BillingPeriod period,
        List<RecurringChargeSegment> billed,
        NodaTime.DateTimeZone zone,
        List<(string, RecurringChargeSegment)> markers)
    {
        var due = new List<(OneTimeTrigger Trigger, DateTimeOffset At)>();
        var followsPlanChange = all.Any(o => o.Iccid == subscription.Iccid && o.EndReason == SubscriptionEnd.PlanChanged && o.EndedAt == subscription.ActivatedAt);
        due.Add((followsPlanChange ? OneTimeTrigger.PlanChange : OneTimeTrigger.Activation, subscription.ActivatedAt));
        if (subscription is { EndReason: SubscriptionEnd.Terminated, EndedAt: { } endedAt })
        {
            due.Add((OneTimeTrigger.Termination, endedAt));
        }

        // Each SIM swap order raises the SIM-swap fee once; the swap instant tells the swaps of one subscription apart.
        due.AddRange((subscription.SimSwaps ?? []).Select(at => (OneTimeTrigger.SimSwap, at)));
        var fees = new List<Fee>();
        foreach (var (trigger, at) in due.Where(d => d.At < period.EndUtc))
        {
            foreach (var charge in product.OneTimeCharges.Where(c => c.Trigger == trigger))
            {
                var marker = trigger == OneTimeTrigger.SimSwap
                    ? $"{OneTimeMarker}{trigger}@{at.ToUnixTimeSeconds()}:{charge.Id}"
                    : $"{OneTimeMarker}{trigger}:{charge.Id}";
                if (billed.Any(b => b.ChargeId == marker))
                {
                    continue;
                }

                var day = NodaTime.Instant.FromDateTimeOffset(at).InZone(zone).Date;
                fees.Add(new Fee(charge.Name, charge.Price, charge.Id, charge.TaxCategory));
                markers.Add((subscription.Id, new RecurringChargeSegment(
                    product.Name, marker, charge.Name, ChargeTiming.InAdvance, ServiceStatus.Active, day, day, day, day, 0, 0, charge.Price, charge.Price, charge.Price, day, $"{product.Name} {charge.Name}", charge.TaxCategory)));
            }
        }

        return fees;
    }

    /// <summary>Charge-id prefix of the rows recording a billed one-time fee among the billed segments.</summary>
    private const string OneTimeMarker = "once:";

    /// <summary>Which cycle of the subscription <paramref name="period"/> is: 1 for the cycle it was activated in.</summary>
    private static int CycleNumber(BillingCycle cycle, SubscriptionInfo subscription, BillingPeriod period, string timeZone)
    {
        var first = cycle.Containing(subscription.ActivatedAt, timeZone);
        var number = 1;
        for (var p = first; p.Start < period.Start && number < 100_000; p = cycle.Next(p))
        {
            number++;
        }

        return number;
    }

    /// <summary>
    /// Volume tiers price a cycle's whole quantity at the tier its total reaches; rating charged each record at the
    /// tier reached so far. For every volume charge used in the closing cycle, the rating engine's cycle-end function
    /// prices the total and the difference becomes a true-up line: per SIM for a subscription counter, once for the
    /// account for an account-wide counter. Quantities and charged amounts come from the cycle's rated records on
    /// this invoice (their counter deltas and per-charge amounts), priced with the product version of the latest one.
    /// </summary>
    private async Task<List<UsageTrueUp>> VolumeTrueUpsAsync(BillingPeriod period, IReadOnlyList<RatedUsageRow> unbilled)
    {
        var trueUps = new List<UsageTrueUp>();
        foreach (var byProduct in unbilled.Where(r => r.Period == period.Key).GroupBy(r => r.ProductId, StringComparer.Ordinal))
        {
            var latest = byProduct.MaxBy(r => r.OccurredAt)!;
            var product = (await catalog.VersionsAsync(byProduct.Key)).Find(latest.ProductVersion);
            if (product is null)
            {
                continue;
            }

            foreach (var charge in product.UsageCharges.Where(c => c.Model == ChargeModel.Volume))
            {
                var owners = new Dictionary<string, (decimal Quantity, decimal Charged)>(StringComparer.Ordinal);
                foreach (var row in byProduct)
                {
                    var owner = charge.CounterScope == CounterScope.Account ? string.Empty : row.Iccid;
                    var current = owners.GetValueOrDefault(owner);
                    foreach (var delta in CycleCounters.Decode(row.Counters, period.Key))
                    {
                        if (delta.Kind == CounterKind.ChargeQuantity && delta.Id == charge.Id)
                        {
                            current.Quantity += delta.Quantity;
                        }
                    }

                    current.Charged += RatedCharges.Parse(row.Charges).Where(p => p.ChargeId == charge.Id).Sum(p => p.Amount);

                    owners[owner] = current;
                }

                foreach (var (owner, (quantity, charged)) in owners.OrderBy(o => o.Key, StringComparer.Ordinal))
                {
                    if (quantity == 0 && charged == 0)
                    {
                        continue;
                    }

                    var adjustment = CycleTrueUp.VolumeCharge(product, charge.Id, period.Key, quantity, charged);
                    if (adjustment.Adjustment != 0)
                    {
                        trueUps.Add(new UsageTrueUp(
                            owner,
                            charge.Id,
                            $"{charge.Name} volume true-up {period.Key}: {string.Join("; ", adjustment.Steps)}",
                            adjustment.Units,
                            adjustment.Adjustment,
                            charge.TaxCategory));
                    }
                }
            }
        }

        return trueUps;
    }

    private static InvoiceInfo ToInfo(IssuedInvoice invoice) => InvoiceMapping.ToInfo(invoice);
}
