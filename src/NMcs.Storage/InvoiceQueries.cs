using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// Read-only look-ups over issued invoices that accounts receivable, revenue and invoice documents need: by number,
/// by period range, and the rated usage each invoice stamped. Never writes; issuing stays with <see cref="InvoiceStore"/>.
/// </summary>
public sealed class InvoiceQueries(NMcsDatabase database, InvoiceStore invoices)
{
    /// <summary>The issued invoice with this number, or null.</summary>
    public async Task<IssuedInvoice?> FindByNumberAsync(string invoiceNumber, CancellationToken cancellationToken = default)
    {
        (string Account, string Period)? key = null;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = NMcsDatabase.Command(connection, null, "SELECT account_id, period FROM invoices WHERE invoice_number = @number", ("@number", invoiceNumber)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                key = (reader.GetString(0), reader.GetString(1));
            }
        }

        return key is { } found ? await invoices.FindAsync(found.Account, found.Period, cancellationToken) : null;
    }

    /// <summary>
    /// Invoices whose period key lies in [<paramref name="fromPeriod"/>, <paramref name="toPeriodExclusive"/>)
    /// (keys compare as text: <c>2026-03</c> and <c>2026-03-15</c> both lie in [<c>2026-03</c>, <c>2026-04</c>)),
    /// with their lines, in number order.
    /// </summary>
    public async Task<IReadOnlyList<IssuedInvoice>> InPeriodsAsync(string fromPeriod, string toPeriodExclusive, CancellationToken cancellationToken = default)
    {
        var keys = new List<(string Account, string Period)>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT account_id, period FROM invoices WHERE period >= @from AND period < @to ORDER BY invoice_number",
            ("@from", fromPeriod),
            ("@to", toPeriodExclusive)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var list = new List<IssuedInvoice>(keys.Count);
        foreach (var (account, period) in keys)
        {
            if (await invoices.FindAsync(account, period, cancellationToken) is { } invoice)
            {
                list.Add(invoice);
            }
        }

        return list;
    }

    /// <summary>
    /// The rated usage an invoice billed, per SIM, service and rate unit: record count, first and last record id
    /// (ordinal order), billable units and the unrounded amount. Traceable: the records are exactly those of the
    /// usage ledger stamped with <paramref name="invoiceId"/>.
    /// </summary>
    public async Task<IReadOnlyList<InvoiceUsageSummary>> UsageAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        var totals = new SortedDictionary<(string Iccid, string Service, string Unit), InvoiceUsageSummary>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT iccid, service, rate_unit, record_id, billable_units, amount FROM rated_usage WHERE invoice_id = @invoice ORDER BY iccid, service, record_id",
            ("@invoice", invoiceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            var recordId = reader.GetString(3);
            var billable = DbValues.Dec(reader.GetString(4));
            var amount = DbValues.Dec(reader.GetString(5));
            totals[key] = totals.TryGetValue(key, out var current)
                ? current with
                {
                    Records = current.Records + 1,
                    FirstRecordId = string.CompareOrdinal(recordId, current.FirstRecordId) < 0 ? recordId : current.FirstRecordId,
                    LastRecordId = string.CompareOrdinal(recordId, current.LastRecordId) > 0 ? recordId : current.LastRecordId,
                    BillableUnits = current.BillableUnits + billable,
                    Amount = current.Amount + amount,
                }
                : new InvoiceUsageSummary(key.Item1, key.Item2, key.Item3, 1, recordId, recordId, billable, amount);
        }

        return totals.Values.ToList();
    }

    /// <summary>
    /// The product each SIM's billed usage on an invoice was rated with (the product of its latest record when a
    /// SIM changed product within the period).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ProductsByIccidAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        var products = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT iccid, product_id FROM rated_usage WHERE invoice_id = @invoice ORDER BY occurred_at, record_id",
            ("@invoice", invoiceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            products[reader.GetString(0)] = reader.GetString(1);
        }

        return products;
    }

    /// <summary>The period key after <paramref name="monthKey"/> (<c>2026-12</c> → <c>2027-01</c>).</summary>
    public static string NextMonthKey(string monthKey)
    {
        var month = DateOnly.ParseExact(monthKey + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1);
        return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}
