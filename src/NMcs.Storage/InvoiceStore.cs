using System.Data.Common;
using System.Globalization;
using NMcs.Billing;
using NMcs.Billing.Recurring;

namespace NMcs.Storage;

/// <summary>
/// Issued invoices and their lines. Issuing is one transaction: take the next number, write the invoice and its
/// lines, and stamp the rated usage it bills. A failed issue rolls the number back with everything else, so numbers
/// have no gaps, and (account, period) is unique, so a period is invoiced at most once.
/// </summary>
public sealed class InvoiceStore(NMcsDatabase database)
{
    private const string NumberCounter = "invoice_number";

    /// <summary>
    /// Issues the invoice unless the period already has one; returns the invoice of the period either way. Issues
    /// from concurrent callers (a bill run closes several payers at once) are group-committed with the store's other
    /// writes (<see cref="GroupCommitWriter"/>): one failing issue rolls back only itself (its number included: numbers stay gapless) and the others commit. SQLite has one writer, so
    /// fewer, larger transactions are what makes large bill runs fast.
    /// </summary>
    public Task<IssuedInvoice> IssueAsync(
        string accountId,
        string period,
        InvoiceDraft draft,
        IReadOnlyCollection<string> billedRecordIds,
        DateTimeOffset issuedAt,
        IReadOnlyList<(string SubscriptionId, RecurringChargeSegment Segment)>? segments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(billedRecordIds);
        var request = new IssueRequest(accountId, period, draft, billedRecordIds, issuedAt, segments);
        return database.WriteAsync(
            group => IssueInAsync(group.Connection, group.Transaction, request, CancellationToken.None),
            1 + billedRecordIds.Count + draft.Lines.Count,
            _issues,
            cancellationToken);
    }

    private readonly GroupTally _issues = new();

    private static async Task<IssuedInvoice> IssueInAsync(DbConnection connection, DbTransaction transaction, IssueRequest request, CancellationToken cancellationToken)
    {
        var (accountId, period, draft, billedRecordIds, issuedAt, segments) = request;
        var existing = await FindAsync(connection, transaction, accountId, period, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await using (var bump = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
            ("@name", NumberCounter)))
        {
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT value FROM counters WHERE name = @name", ("@name", NumberCounter)))
        {
            sequence = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var number = string.Create(CultureInfo.InvariantCulture, $"INV-{sequence:D6}");
        var invoiceId = $"{accountId}:{period}";
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO invoices (invoice_id, invoice_number, account_id, period, currency, subtotal, total, issued_at) VALUES (@id, @number, @account, @period, @currency, @subtotal, @total, @issued)",
            ("@id", invoiceId),
            ("@number", number),
            ("@account", accountId),
            ("@period", period),
            ("@currency", draft.Currency.Code),
            ("@subtotal", DbValues.Dec(draft.Subtotal)),
            ("@total", DbValues.Dec(draft.Total)),
            ("@issued", DbValues.Time(issuedAt))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // One prepared statement per table for the whole transaction: only the parameter values change per row.
        // The issue holds the store's write lock, so what it saves here is what every other payer waits for.
        if (draft.Lines.Count > 0)
        {
            await using var insertLine = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO invoice_lines (invoice_id, line_number, kind, description, iccid, quantity, unrounded_amount, amount, account_id) VALUES (@id, @n, @kind, @description, @iccid, @quantity, @unrounded, @amount, @account)",
                ("@id", invoiceId),
                ("@n", 0),
                ("@kind", string.Empty),
                ("@description", string.Empty),
                ("@iccid", string.Empty),
                ("@quantity", string.Empty),
                ("@unrounded", string.Empty),
                ("@amount", string.Empty),
                ("@account", string.Empty));
            await insertLine.PrepareAsync(cancellationToken);
            var p = insertLine.Parameters;
            foreach (var line in draft.Lines)
            {
                p[1].Value = line.LineNumber;
                p[2].Value = line.Kind.ToString();
                p[3].Value = line.Description;
                p[4].Value = (object?)line.Iccid ?? DBNull.Value;
                p[5].Value = DbValues.Dec(line.Quantity);
                p[6].Value = DbValues.Dec(line.UnroundedAmount);
                p[7].Value = DbValues.Dec(line.Amount);
                p[8].Value = (object?)line.AccountId ?? DBNull.Value;
                await insertLine.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (segments is { Count: > 0 })
        {
            // One row per subscription: its segments of this invoice, in the order they were given.
            await using var insertSegments = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO billed_segments (payer_account_id, subscription_id, invoice_id, segment_count, segments) VALUES (@payer, @subscription, @id, @count, @segments)",
                ("@payer", accountId),
                ("@subscription", string.Empty),
                ("@id", invoiceId),
                ("@count", 0),
                ("@segments", string.Empty));
            await insertSegments.PrepareAsync(cancellationToken);
            var p = insertSegments.Parameters;
            foreach (var bySubscription in segments.GroupBy(s => s.SubscriptionId, StringComparer.Ordinal))
            {
                p[1].Value = bySubscription.Key;
                p[3].Value = bySubscription.Count();
                p[4].Value = BilledSegmentCodec.Encode(bySubscription.Select(s => s.Segment));
                await insertSegments.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        foreach (var tax in draft.Taxes ?? [])
        {
            await using var insertTax = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO invoice_taxes (invoice_id, category, rate, treatment, taxable, unrounded_tax, tax) VALUES (@id, @category, @rate, @treatment, @taxable, @unrounded, @tax)",
                ("@id", invoiceId),
                ("@category", tax.Category),
                ("@rate", DbValues.Dec(tax.Rate)),
                ("@treatment", tax.Treatment.ToString()),
                ("@taxable", DbValues.Dec(tax.TaxableAmount)),
                ("@unrounded", DbValues.Dec(tax.UnroundedTax)),
                ("@tax", DbValues.Dec(tax.Tax)));
            await insertTax.ExecuteNonQueryAsync(cancellationToken);
        }

        if (billedRecordIds.Count > 0)
        {
            await using var stamp = NMcsDatabase.Command(
                connection,
                transaction,
                "UPDATE rated_usage SET invoice_id = @invoice WHERE record_id = @record AND invoice_id IS NULL",
                ("@invoice", invoiceId),
                ("@record", string.Empty));
            await stamp.PrepareAsync(cancellationToken);
            foreach (var recordId in billedRecordIds)
            {
                stamp.Parameters[1].Value = recordId;
                if (await stamp.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    // Another invoice took this record meanwhile: abandon the whole issue (number included).
                    throw new InvalidOperationException($"rated usage {recordId} is already invoiced; the bill run for {invoiceId} was rolled back and can be retried.");
                }
            }
        }

        return new IssuedInvoice(invoiceId, number, accountId, period, draft.Currency.Code, draft.Subtotal, draft.Total, issuedAt, draft.Lines, draft.Taxes ?? []);
    }

    private sealed record IssueRequest(
        string AccountId,
        string Period,
        InvoiceDraft Draft,
        IReadOnlyCollection<string> BilledRecordIds,
        DateTimeOffset IssuedAt,
        IReadOnlyList<(string SubscriptionId, RecurringChargeSegment Segment)>? Segments);

    /// <summary>
    /// Every recurring-charge segment the payer's invoices billed so far for the given subscriptions (the payer's own
    /// and its children's), per subscription id; each subscription's segments in invoice order and, within an
    /// invoice, in the order they were billed.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, List<RecurringChargeSegment>>> BilledSegmentsAsync(string payerAccountId, IReadOnlyCollection<string> subscriptionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptionIds);
        var result = new Dictionary<string, List<RecurringChargeSegment>>(StringComparer.Ordinal);
        foreach (var subscriptionId in subscriptionIds)
        {
            result[subscriptionId] = [];
        }

        if (result.Count == 0)
        {
            return result;
        }

        // One range of the table: the payer's rows are stored together.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT subscription_id, segments FROM billed_segments WHERE payer_account_id = @payer ORDER BY subscription_id, invoice_id",
            ("@payer", payerAccountId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (result.TryGetValue(reader.GetString(0), out var list))
            {
                BilledSegmentCodec.Decode(reader.GetString(1), list);
            }
        }

        return result;
    }

    /// <summary>The invoice of an account's period, or null.</summary>
    public async Task<IssuedInvoice?> FindAsync(string accountId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, accountId, period, cancellationToken);
    }

    /// <summary>All invoices of an account, oldest first.</summary>
    public async Task<IReadOnlyList<IssuedInvoice>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var periods = new List<string>();
        await using (var command = NMcsDatabase.Command(connection, null, "SELECT period FROM invoices WHERE account_id = @account ORDER BY period", ("@account", accountId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                periods.Add(reader.GetString(0));
            }
        }

        var invoices = new List<IssuedInvoice>();
        foreach (var period in periods)
        {
            invoices.Add((await FindAsync(connection, null, accountId, period, cancellationToken))!);
        }

        return invoices;
    }

    /// <summary>Number of invoices issued so far.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT COUNT(*) FROM invoices");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<IssuedInvoice?> FindAsync(DbConnection connection, DbTransaction? transaction, string accountId, string period, CancellationToken cancellationToken)
    {
        IssuedInvoice? invoice = null;
        await using (var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT invoice_id, invoice_number, currency, subtotal, total, issued_at FROM invoices WHERE account_id = @account AND period = @period",
            ("@account", accountId),
            ("@period", period)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                invoice = new IssuedInvoice(
                    reader.GetString(0),
                    reader.GetString(1),
                    accountId,
                    period,
                    reader.GetString(2),
                    DbValues.Dec(reader.GetString(3)),
                    DbValues.Dec(reader.GetString(4)),
                    DbValues.Time(reader.GetString(5)),
                    []);
            }
        }

        if (invoice is null)
        {
            return null;
        }

        var lines = new List<InvoiceLine>();
        await using (var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT line_number, kind, description, iccid, quantity, unrounded_amount, amount, account_id FROM invoice_lines WHERE invoice_id = @id ORDER BY line_number",
            ("@id", invoice.InvoiceId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new InvoiceLine(
                    reader.GetInt32(0),
                    Enum.Parse<ChargeKind>(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    DbValues.Dec(reader.GetString(4)),
                    DbValues.Dec(reader.GetString(5)),
                    DbValues.Dec(reader.GetString(6)),
                    reader.GetString(7)));
            }
        }

        var taxes = new List<InvoiceTax>();
        await using (var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT category, rate, treatment, taxable, unrounded_tax, tax FROM invoice_taxes WHERE invoice_id = @id ORDER BY category, rate",
            ("@id", invoice.InvoiceId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                taxes.Add(new InvoiceTax(
                    reader.GetString(0),
                    DbValues.Dec(reader.GetString(1)),
                    Enum.Parse<NMcs.Catalog.Model.TaxTreatment>(reader.GetString(2)),
                    DbValues.Dec(reader.GetString(3)),
                    DbValues.Dec(reader.GetString(4)),
                    DbValues.Dec(reader.GetString(5))));
            }
        }

        return invoice with { Lines = lines, Taxes = taxes };
    }
}
