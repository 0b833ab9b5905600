using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing.Receivables;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains.Receivables;

/// <summary>
/// Revenue per customer, product or month over a range of billing months, from issued invoices net of their credit
/// notes and debit adjustments, in each invoice's currency. An invoice counts in the month of its billing period
/// and so do its corrections, whenever they were issued: the report restates the month that was corrected.
/// Amounts are invoice line amounts as billed (before exclusive tax; inclusive tax stays inside the lines).
/// </summary>
public sealed class RevenueReport(InvoiceQueries queries, ReceivablesStore store, ProductCatalog catalog, IGrainFactory grains)
{
    /// <summary>Product key of lines and corrections no single product can be named for.</summary>
    public const string Unallocated = "UNALLOCATED";

    /// <summary>
    /// Sums revenue of the invoices whose period lies in months <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive, <c>YYYY-MM</c>) by <paramref name="groupBy"/>, ordered by key and currency.
    /// A line maps to a product through its SIM: the product its billed usage on that invoice was rated with,
    /// else the SIM's latest subscription on the account; a line without SIM maps to the invoice's only product
    /// when it has one. A credit or debit line maps through the invoice line it names, else to
    /// <see cref="Unallocated"/>.
    /// </summary>
    public async Task<IReadOnlyList<RevenueLine>> RunAsync(string from, string to, RevenueGrouping groupBy, CancellationToken cancellationToken = default)
    {
        var first = BillingPeriod.Parse(from, "UTC", "from");
        var last = BillingPeriod.Parse(to, "UTC", "to");
        if (last.Start < first.Start)
        {
            throw new DomainException("INVALID_RANGE", "to", $"to {to} is before from {from}; give the months in order, e.g. from: \"{to}\", to: \"{from}\".");
        }

        var toExclusive = InvoiceQueries.NextMonthKey(to);
        var invoices = await queries.InPeriodsAsync(from, toExclusive, cancellationToken);
        var adjustments = await store.AdjustmentsOfPeriodsAsync(from, toExclusive, cancellationToken);
        var accounts = new Dictionary<string, AccountInfo?>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineKeys = new Dictionary<(string Invoice, int Line), string>();
        var invoiceKeys = new Dictionary<string, (IssuedInvoice Invoice, string? SingleProduct)>(StringComparer.Ordinal);
        var sums = new Dictionary<(string Key, string Currency), Sum>();

        foreach (var invoice in invoices)
        {
            var account = await AccountAsync(accounts, invoice.AccountId);
            IReadOnlyDictionary<string, string> products = groupBy == RevenueGrouping.Product
                ? await queries.ProductsByIccidAsync(invoice.InvoiceId, cancellationToken)
                : new Dictionary<string, string>();
            var lineProducts = invoice.Lines.ToDictionary(l => l.LineNumber, l => ProductOf(l.Iccid, products, account));
            var distinct = lineProducts.Values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            invoiceKeys[invoice.InvoiceNumber] = (invoice, distinct.Count == 1 ? distinct[0] : null);
            foreach (var line in invoice.Lines)
            {
                var key = groupBy switch
                {
                    RevenueGrouping.Customer => await CustomerKeyAsync(names, account, invoice.AccountId),
                    RevenueGrouping.Period => invoice.Period[..7],
                    _ => lineProducts[line.LineNumber] ?? (distinct.Count == 1 ? distinct[0] : Unallocated),
                };
                lineKeys[(invoice.InvoiceNumber, line.LineNumber)] = key;
                var sum = SumOf(sums, key, invoice.Currency);
                sum.Invoices.Add(invoice.InvoiceNumber);
                sum.Invoiced += line.Amount;
            }
        }

        foreach (var adjustment in adjustments)
        {
            if (!invoiceKeys.TryGetValue(adjustment.InvoiceNumber, out var owner))
            {
                continue;
            }

            foreach (var line in adjustment.Lines)
            {
                var key = groupBy switch
                {
                    RevenueGrouping.Customer => await CustomerKeyAsync(names, accounts[owner.Invoice.AccountId], owner.Invoice.AccountId),
                    RevenueGrouping.Period => owner.Invoice.Period[..7],
                    _ => line.InvoiceLineNumber is int n && lineKeys.TryGetValue((adjustment.InvoiceNumber, n), out var lineKey) ? lineKey : Unallocated,
                };
                var sum = SumOf(sums, key, adjustment.Currency);
                if (adjustment.Kind == InvoiceAdjustmentKind.CreditNote)
                {
                    sum.Credited += line.Amount;
                }
                else
                {
                    sum.Debited += line.Amount;
                }
            }
        }

        var lines = new List<RevenueLine>();
        foreach (var ((key, currency), sum) in sums.OrderBy(s => s.Key.Key, StringComparer.Ordinal).ThenBy(s => s.Key.Currency, StringComparer.Ordinal))
        {
            var name = groupBy switch
            {
                RevenueGrouping.Customer => names.GetValueOrDefault("customer:" + key, key),
                RevenueGrouping.Product when key != Unallocated => (await catalog.FindAsync(key, null, cancellationToken))?.Name ?? key,
                _ => key,
            };
            lines.Add(new RevenueLine(key, name, currency, sum.Invoices.Count, sum.Invoiced, sum.Credited, sum.Debited));
        }

        return lines;
    }

    private static Sum SumOf(Dictionary<(string Key, string Currency), Sum> sums, string key, string currency)
    {
        if (!sums.TryGetValue((key, currency), out var sum))
        {
            sum = new Sum();
            sums[(key, currency)] = sum;
        }

        return sum;
    }

    private static string? ProductOf(string iccid, IReadOnlyDictionary<string, string> products, AccountInfo? account)
    {
        if (string.IsNullOrEmpty(iccid))
        {
            return null;
        }

        if (products.TryGetValue(iccid, out var product))
        {
            return product;
        }

        return account?.Subscriptions.Where(s => s.Iccid == iccid).MaxBy(s => s.ActivatedAt)?.ProductId;
    }

    private async Task<AccountInfo?> AccountAsync(Dictionary<string, AccountInfo?> accounts, string accountId)
    {
        if (!accounts.TryGetValue(accountId, out var account))
        {
            account = await grains.GetGrain<IAccountGrain>(accountId).GetInfo();
            accounts[accountId] = account;
        }

        return account;
    }

    private async Task<string> CustomerKeyAsync(Dictionary<string, string> names, AccountInfo? account, string accountId)
    {
        // An account that cannot be read any more still counts, under its own id.
        var customerId = account?.CustomerId ?? accountId;
        if (!names.ContainsKey("customer:" + customerId))
        {
            var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetInfo();
            names["customer:" + customerId] = customer?.Name ?? customerId;
        }

        return customerId;
    }

    private sealed class Sum
    {
        public HashSet<string> Invoices { get; } = new(StringComparer.Ordinal);

        public decimal Invoiced { get; set; }

        public decimal Credited { get; set; }

        public decimal Debited { get; set; }
    }
}
