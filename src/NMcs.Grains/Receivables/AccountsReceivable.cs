using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing.Receivables;
using NMcs.Storage;

namespace NMcs.Grains.Receivables;

/// <summary>
/// Accounts receivable over issued invoices: records payments, credit notes and debit adjustments (the store checks
/// and writes each in one transaction) and derives each invoice's status, due date and open amount on the platform
/// clock, in the payer's time zone.
/// </summary>
public sealed class AccountsReceivable(
    ReceivablesStore store,
    InvoiceQueries queries,
    InvoiceStore invoices,
    IGrainFactory grains,
    ReceivablesOptions options,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock)
{
    /// <summary>Records a payment against an invoice (see <see cref="ReceivablesStore.RecordPaymentAsync"/> for what is refused).</summary>
    public Task<Payment> RecordPaymentAsync(
        string invoiceNumber,
        decimal amount,
        string currency,
        DateTimeOffset? receivedAt,
        string? reference,
        string? idempotencyKey,
        CancellationToken cancellationToken = default) =>
        store.RecordPaymentAsync(invoiceNumber, amount, currency, receivedAt, reference, idempotencyKey, clock.GetUtcNow(), cancellationToken);

    /// <summary>Issues a credit note or debit adjustment (see <see cref="ReceivablesStore.IssueAdjustmentAsync"/> for what is refused).</summary>
    public Task<InvoiceAdjustment> IssueAdjustmentAsync(
        InvoiceAdjustmentKind kind,
        string invoiceNumber,
        IReadOnlyList<InvoiceAdjustmentLine> lines,
        string reason,
        CancellationToken cancellationToken = default) =>
        store.IssueAdjustmentAsync(kind, invoiceNumber, lines, reason, clock.GetUtcNow(), cancellationToken);

    /// <summary>The receivable of an invoice by number, or null when no invoice has that number.</summary>
    public async Task<InvoiceReceivable?> FindAsync(string invoiceNumber, CancellationToken cancellationToken = default)
    {
        var invoice = await queries.FindByNumberAsync(invoiceNumber, cancellationToken);
        return invoice is null ? null : await EvaluateAsync(invoice, await TimeZoneAsync(invoice.AccountId), cancellationToken);
    }

    /// <summary>The receivable of an issued invoice.</summary>
    public async Task<InvoiceReceivable> EvaluateAsync(IssuedInvoice invoice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return await EvaluateAsync(invoice, await TimeZoneAsync(invoice.AccountId), cancellationToken);
    }

    /// <summary>The account's balance and its invoices with an open amount; refuses an unknown account.</summary>
    public async Task<AccountBalance> BalanceAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var account = await AccountAsync(accountId);
        var open = new List<InvoiceReceivable>();
        foreach (var invoice in await invoices.ListAsync(accountId, cancellationToken))
        {
            var receivable = await EvaluateAsync(invoice, account.TimeZone, cancellationToken);
            if (receivable.OpenAmount != 0m)
            {
                open.Add(receivable);
            }
        }

        return new AccountBalance(accountId, account.Currency, open.Sum(r => r.OpenAmount), open);
    }

    /// <summary>Payments of an account, oldest first; refuses an unknown account.</summary>
    public async Task<IReadOnlyList<Payment>> PaymentsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await AccountAsync(accountId);
        return await store.PaymentsAsync(accountId, cancellationToken);
    }

    /// <summary>Credit notes or debit adjustments of an account, in number order; refuses an unknown account.</summary>
    public async Task<IReadOnlyList<InvoiceAdjustment>> AdjustmentsAsync(string accountId, InvoiceAdjustmentKind kind, CancellationToken cancellationToken = default)
    {
        await AccountAsync(accountId);
        return await store.AdjustmentsAsync(accountId, kind, cancellationToken);
    }

    private async Task<InvoiceReceivable> EvaluateAsync(IssuedInvoice invoice, string timeZone, CancellationToken cancellationToken)
    {
        var totals = await store.TotalsAsync(invoice.InvoiceNumber, cancellationToken);
        return InvoiceReceivable.Evaluate(
            invoice.InvoiceNumber,
            invoice.AccountId,
            invoice.Period,
            invoice.Currency,
            invoice.Total,
            totals.Credited,
            totals.Debited,
            totals.Paid,
            invoice.IssuedAt,
            timeZone,
            options.PaymentTermsDays,
            clock.GetUtcNow());
    }

    private async Task<string> TimeZoneAsync(string accountId) =>
        (await grains.GetGrain<IAccountGrain>(accountId).GetInfo())?.TimeZone ?? "UTC";

    private async Task<AccountInfo> AccountAsync(string accountId) =>
        await grains.GetGrain<IAccountGrain>(accountId).GetInfo()
            ?? throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' does not exist; give a payer account id such as ACME-PAYER.");
}
