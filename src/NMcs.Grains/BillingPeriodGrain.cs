using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing;
using NMcs.Catalog.Model;
using NMcs.Grains.State;
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
        return new InvoiceInfo(
            $"{account.Id}:{period.Key}",
            null,
            account.Id,
            period.Key,
            draft.Currency.Code,
            draft.Lines.Select(ToInfo).ToList(),
            draft.Subtotal,
            draft.Total,
            clock.GetUtcNow());
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
        foreach (var subscription in account.Subscriptions)
        {
            // Fees come from the product version in force when the subscription's part of the period began.
            var versions = await catalog.VersionsAsync(subscription.ProductId);
            var from = subscription.ActivatedAt > period.StartUtc ? subscription.ActivatedAt : period.StartUtc;
            var product = versions.InForceAt(from) ?? versions.Find(subscription.ProductVersion)
                ?? throw new InvalidOperationException($"product {subscription.ProductId} v{subscription.ProductVersion} is missing from the catalog");
            subscriptions.Add(new BillableSubscription(
                subscription.Iccid,
                product.Name,
                product.Currency,
                product.RecurringCharges.Select(c => new Fee(c.Name, c.Price)).ToList(),
                product.OneTimeCharges.Where(c => c.Trigger == OneTimeTrigger.Activation).Select(c => new Fee(c.Name, c.Price)).ToList(),
                subscription.ActivatedAt));
        }

        // Usage up to the period end that no invoice has taken yet, late records of earlier periods included.
        var unbilled = (await ledger.UnbilledAsync(account.Id)).Where(r => r.OccurredAt < period.EndUtc).ToList();
        var usage = unbilled
            .GroupBy(r => (r.Iccid, r.Service, r.RateUnit))
            .Select(g => new UsageTotal(g.Key.Iccid, g.Key.Service, g.Key.RateUnit, g.Count(), g.Sum(r => r.BillableUnits), g.Sum(r => r.Amount)))
            .ToList();
        var draft = InvoiceComposer.Compose(Currency.Parse(account.Currency), period, subscriptions, usage);
        return (draft, unbilled.Select(r => r.RecordId).ToList());
    }

    private static InvoiceInfo ToInfo(IssuedInvoice invoice) => new(
        invoice.InvoiceId,
        invoice.InvoiceNumber,
        invoice.AccountId,
        invoice.Period,
        invoice.Currency,
        invoice.Lines.Select(ToInfo).ToList(),
        invoice.Subtotal,
        invoice.Total,
        invoice.IssuedAt);

    private static InvoiceLineInfo ToInfo(InvoiceLine line) =>
        new(line.LineNumber, line.Kind.ToString(), line.Description, line.Iccid, line.Quantity, line.UnroundedAmount, line.Amount);
}
