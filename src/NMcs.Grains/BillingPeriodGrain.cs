using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing;
using NMcs.Catalog.Model;
using NMcs.Grains.State;
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
    [PersistentState("billingPeriod", NMcsStorage.Name)] IPersistentState<BillingPeriodState> state,
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

            var (draft, billed) = await ComposeAsync(account, period);
            existing = await invoices.IssueAsync(account.Id, period.Key, draft, billed, now);
            NMcsMetrics.InvoicesIssued.Inc();
        }

        if (state.State.InvoiceNumber is null)
        {
            state.State.InvoiceNumber = existing.InvoiceNumber;
            state.State.ClosedAt = existing.IssuedAt;
            await state.WriteStateAsync();
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

        var (draft, _) = await ComposeAsync(account, period);
        return InvoiceMapping.ToInfo(draft, $"{account.Id}:{period.Key}", account.Id, period.Key, clock.GetUtcNow());
    }

    private async Task<(AccountInfo Account, BillingPeriod Period)> ResolveAsync()
    {
        var (accountId, periodKey) = GrainKeys.ParseBillingPeriod(this.GetPrimaryKeyString());
        var account = await GrainFactory.GetGrain<IAccountGrain>(accountId).GetInfo()
            ?? throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' does not exist; bill runs need an existing payer account.");
        return (account, BillingPeriod.Parse(periodKey, account.TimeZone));
    }

    private async Task<(InvoiceDraft Draft, IReadOnlyList<string> BilledRecordIds)> ComposeAsync(AccountInfo account, BillingPeriod period)
    {
        var subscriptions = new List<BillableSubscription>();
        var chargeNames = new Dictionary<string, (string Name, string RateUnit, string? TaxCategory)>(StringComparer.Ordinal);
        foreach (var subscription in account.Subscriptions)
        {
            // Fees come from the product version in force when the subscription's part of the period began.
            var versions = await catalog.VersionsAsync(subscription.ProductId);
            var from = subscription.ActivatedAt > period.StartUtc ? subscription.ActivatedAt : period.StartUtc;
            var product = versions.InForceAt(from) ?? versions.Find(subscription.ProductVersion)
                ?? throw new InvalidOperationException($"product {subscription.ProductId} v{subscription.ProductVersion} is missing from the catalog");
            foreach (var version in versions.Versions)
            {
                foreach (var charge in version.UsageCharges)
                {
                    chargeNames.TryAdd(charge.Id, (charge.Name, charge.RateUnit, charge.TaxCategory));
                }
            }

            var activation = BillingPeriod.MonthlyContaining(subscription.ActivatedAt, account.TimeZone);
            var cycleNumber = ((period.Start.Year * 12) + period.Start.Month) - ((activation.Start.Year * 12) + activation.Start.Month) + 1;
            subscriptions.Add(new BillableSubscription(
                subscription.Iccid,
                product.Name,
                product.Currency,
                product.RecurringCharges.Select(c => new Fee(c.Name, c.Price, c.Id, c.TaxCategory)).ToList(),
                product.OneTimeCharges.Where(c => c.Trigger == OneTimeTrigger.Activation).Select(c => new Fee(c.Name, c.Price, c.Id, c.TaxCategory)).ToList(),
                subscription.ActivatedAt,
                cycleNumber,
                product.Discounts,
                product.Commitments,
                product.Caps));
        }

        // Usage up to the period end that no invoice has taken yet, late records of earlier periods included,
        // totalled per SIM and catalog charge.
        var unbilled = (await ledger.UnbilledAsync(account.Id)).Where(r => r.OccurredAt < period.EndUtc).ToList();
        var totals = new Dictionary<(string Iccid, string ChargeId), (int Records, decimal Billable, decimal Amount)>();
        foreach (var row in unbilled)
        {
            foreach (var line in row.Charges.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // "units billableUnits amount chargeId"
                var fields = line.Split(' ', 4);
                var key = (row.Iccid, fields[3]);
                var current = totals.GetValueOrDefault(key);
                totals[key] = (
                    current.Records + 1,
                    current.Billable + decimal.Parse(fields[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
                    current.Amount + decimal.Parse(fields[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var usage = totals.Select(t =>
        {
            var (name, rateUnit, taxCategory) = chargeNames.GetValueOrDefault(t.Key.ChargeId, (t.Key.ChargeId, string.Empty, null));
            return new UsageTotal(t.Key.Iccid, t.Key.ChargeId, name, rateUnit, t.Value.Records, t.Value.Billable, t.Value.Amount, taxCategory);
        }).ToList();
        var taxRates = account.TaxJurisdiction is null ? [] : await catalog.TaxRatesAsync(account.TaxJurisdiction);
        var trueUps = await VolumeTrueUpsAsync(period, unbilled);
        var draft = InvoiceComposer.Compose(Currency.Parse(account.Currency), period, subscriptions, usage, taxRates, trueUps);
        return (draft, unbilled.Select(r => r.RecordId).ToList());
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

                    foreach (var part in row.Charges.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        // "units billableUnits amount chargeId"
                        var fields = part.Split(' ', 4);
                        if (fields[3] == charge.Id)
                        {
                            current.Charged += decimal.Parse(fields[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                        }
                    }

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
