using System.Data.Common;
using System.Globalization;
using NMcs.Billing.Receivables;

namespace NMcs.Storage;

/// <summary>
/// Accounts receivable of issued invoices: payments, credit notes and debit adjustments, all append-only. Each write
/// is one transaction that reads the invoice and what was recorded against it, checks the request, takes the next
/// number of its series from <c>counters</c> and inserts; a refused or failed write rolls everything back, so
/// nothing changes and no number is burnt. SQLite transactions begin IMMEDIATE (writers queue), so two payments of
/// one invoice can never both pass the open-amount check.
/// </summary>
public sealed class ReceivablesStore(NMcsDatabase database)
{
    private const string PaymentCounter = "payment_number";
    private const string CreditNoteCounter = "credit_note_number";
    private const string DebitAdjustmentCounter = "debit_adjustment_number";

    private const string PaymentColumns = "payment_id, invoice_number, account_id, amount, currency, received_at, reference, idempotency_key, recorded_at";

    /// <summary>
    /// Records a payment of <paramref name="amount"/> against <paramref name="invoiceNumber"/>. A payment with an
    /// <paramref name="idempotencyKey"/> seen before returns the earlier payment when the request is the same
    /// (invoice, amount, currency, reference and, when given, receivedAt) and is refused when it differs.
    /// Refused, with nothing written: unknown invoice, wrong currency, amount not positive or finer than the minor
    /// unit, a voided invoice, an amount above the open amount (no overpayment), receivedAt after
    /// <paramref name="recordedAt"/>.
    /// </summary>
    public async Task<Payment> RecordPaymentAsync(
        string invoiceNumber,
        decimal amount,
        string currency,
        DateTimeOffset? receivedAt,
        string? reference,
        string? idempotencyKey,
        DateTimeOffset recordedAt,
        CancellationToken cancellationToken = default)
    {
        if (receivedAt > recordedAt)
        {
            throw new DomainException("INVALID_RECEIVED_AT", "receivedAt", $"receivedAt {receivedAt:O} is after the platform time {recordedAt:O}; record a payment once it was received.");
        }

        reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        idempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (idempotencyKey is not null)
        {
            var found = await QueryPaymentsAsync(connection, transaction, "idempotency_key = @key", cancellationToken, ("@key", idempotencyKey));
            if (found.Count > 0)
            {
                var earlier = found[0];
                var same = earlier.InvoiceNumber == invoiceNumber
                    && earlier.Amount == amount
                    && earlier.Currency == currency
                    && earlier.Reference == reference
                    && (receivedAt is null || earlier.ReceivedAt == receivedAt.Value.ToUniversalTime());
                return same
                    ? earlier
                    : throw new DomainException(
                        "IDEMPOTENCY_KEY_REUSED",
                        "idempotencyKey",
                        $"idempotencyKey '{idempotencyKey}' was used for payment {earlier.PaymentId} ({earlier.Amount} {earlier.Currency} on {earlier.InvoiceNumber}) with a different request; use a new key for a new payment.");
            }
        }

        var invoice = await InvoiceAsync(connection, transaction, invoiceNumber, "invoiceNumber", cancellationToken);
        var money = Currency.Parse(currency);
        ReceivableAmounts.RequireInvoiceCurrency(money.Code, invoice.Currency, invoiceNumber);
        ReceivableAmounts.RequirePositive(amount, money, "amount");
        var totals = await TotalsAsync(connection, transaction, invoiceNumber, cancellationToken);
        RequireNotVoided(invoice, totals, "a payment");
        var open = invoice.Total - totals.Credited + totals.Debited - totals.Paid;
        if (amount > open)
        {
            throw new DomainException(
                "PAYMENT_EXCEEDS_OPEN_AMOUNT",
                "amount",
                $"amount {amount} {money.Code} is more than the open amount {Math.Max(open, 0m)} {money.Code} of invoice {invoiceNumber}; record at most the open amount (overpayments are not kept on account).");
        }

        var number = await NextNumberAsync(connection, transaction, PaymentCounter, "PAY", cancellationToken);
        var payment = new Payment(number, invoiceNumber, invoice.AccountId, amount, money.Code, (receivedAt ?? recordedAt).ToUniversalTime(), reference, idempotencyKey, recordedAt.ToUniversalTime());
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            $"INSERT INTO payments ({PaymentColumns}) VALUES (@id, @invoice, @account, @amount, @currency, @received, @reference, @key, @recorded)",
            ("@id", payment.PaymentId),
            ("@invoice", payment.InvoiceNumber),
            ("@account", payment.AccountId),
            ("@amount", DbValues.Dec(payment.Amount)),
            ("@currency", payment.Currency),
            ("@received", DbValues.Time(payment.ReceivedAt)),
            ("@reference", payment.Reference),
            ("@key", payment.IdempotencyKey),
            ("@recorded", DbValues.Time(payment.RecordedAt))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return payment;
    }

    /// <summary>
    /// Issues a credit note or debit adjustment of <paramref name="invoiceNumber"/> with its next number.
    /// Refused, with nothing written and no number taken: unknown invoice, no reason, no lines, a line without
    /// description or with an amount not positive or finer than the minor unit, a line naming an invoice line that
    /// does not exist, a voided invoice, and a credit note above what is still creditable (total plus debit
    /// adjustments less earlier credit notes).
    /// </summary>
    public async Task<InvoiceAdjustment> IssueAdjustmentAsync(
        InvoiceAdjustmentKind kind,
        string invoiceNumber,
        IReadOnlyList<InvoiceAdjustmentLine> lines,
        string reason,
        DateTimeOffset issuedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var invoice = await InvoiceAsync(connection, transaction, invoiceNumber, "invoiceNumber", cancellationToken);
        var currency = Currency.Parse(invoice.Currency);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("INVALID_REASON", "reason", "reason is empty; say why the invoice is corrected, e.g. \"network outage 12-14 March\".");
        }

        if (lines.Count == 0)
        {
            throw new DomainException("INVALID_LINES", "lines", "lines is empty; give at least one line with description and amount.");
        }

        var invoiceLines = await InvoiceLineNumbersAsync(connection, transaction, invoice.InvoiceId, cancellationToken);
        for (var i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i].Description))
            {
                throw new DomainException("INVALID_LINES", $"lines[{i}].description", $"lines[{i}].description is empty; say what the line corrects.");
            }

            ReceivableAmounts.RequirePositive(lines[i].Amount, currency, $"lines[{i}].amount");
            if (lines[i].InvoiceLineNumber is int lineNumber && !invoiceLines.Contains(lineNumber))
            {
                throw new DomainException(
                    "UNKNOWN_INVOICE_LINE",
                    $"lines[{i}].invoiceLineNumber",
                    $"lines[{i}].invoiceLineNumber {lineNumber} is not a line of invoice {invoiceNumber} (it has lines {string.Join(", ", invoiceLines.Order())}); name one of them or leave it out.");
            }
        }

        var amount = lines.Sum(l => l.Amount);
        var totals = await TotalsAsync(connection, transaction, invoiceNumber, cancellationToken);
        var label = kind == InvoiceAdjustmentKind.CreditNote ? "a credit note" : "a debit adjustment";
        RequireNotVoided(invoice, totals, label);
        var creditable = invoice.Total + totals.Debited - totals.Credited;
        if (kind == InvoiceAdjustmentKind.CreditNote && amount > creditable)
        {
            throw new DomainException(
                "CREDIT_EXCEEDS_INVOICE",
                "lines",
                $"the credit note's lines sum to {amount} {currency.Code} but invoice {invoiceNumber} can be credited by at most {creditable} {currency.Code} (total {invoice.Total} + debit adjustments {totals.Debited} - earlier credit notes {totals.Credited}); reduce the lines.");
        }

        var number = kind == InvoiceAdjustmentKind.CreditNote
            ? await NextNumberAsync(connection, transaction, CreditNoteCounter, "CN", cancellationToken)
            : await NextNumberAsync(connection, transaction, DebitAdjustmentCounter, "DN", cancellationToken);
        var numbered = lines.Select((l, i) => l with { LineNumber = i + 1, Description = l.Description.Trim() }).ToList();
        var adjustment = new InvoiceAdjustment(number, kind, invoiceNumber, invoice.AccountId, currency.Code, amount, reason.Trim(), issuedAt.ToUniversalTime(), numbered);
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO invoice_adjustments (adjustment_number, kind, invoice_number, account_id, currency, amount, reason, issued_at) VALUES (@number, @kind, @invoice, @account, @currency, @amount, @reason, @issued)",
            ("@number", adjustment.Number),
            ("@kind", adjustment.Kind.ToString()),
            ("@invoice", adjustment.InvoiceNumber),
            ("@account", adjustment.AccountId),
            ("@currency", adjustment.Currency),
            ("@amount", DbValues.Dec(adjustment.Amount)),
            ("@reason", adjustment.Reason),
            ("@issued", DbValues.Time(adjustment.IssuedAt))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var line in numbered)
        {
            await using var insertLine = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO invoice_adjustment_lines (adjustment_number, line_number, description, amount, invoice_line_number) VALUES (@number, @n, @description, @amount, @invoiceLine)",
                ("@number", adjustment.Number),
                ("@n", line.LineNumber),
                ("@description", line.Description),
                ("@amount", DbValues.Dec(line.Amount)),
                ("@invoiceLine", line.InvoiceLineNumber));
            await insertLine.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return adjustment;
    }

    /// <summary>Sums of credit notes, debit adjustments and payments of one invoice.</summary>
    public async Task<ReceivableTotals> TotalsAsync(string invoiceNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await TotalsAsync(connection, null, invoiceNumber, cancellationToken);
    }

    /// <summary>Payments of an account, oldest first.</summary>
    public async Task<IReadOnlyList<Payment>> PaymentsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryPaymentsAsync(connection, null, "account_id = @account", cancellationToken, ("@account", accountId));
    }

    /// <summary>Payments of one invoice, oldest first.</summary>
    public async Task<IReadOnlyList<Payment>> PaymentsOfInvoiceAsync(string invoiceNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryPaymentsAsync(connection, null, "invoice_number = @invoice", cancellationToken, ("@invoice", invoiceNumber));
    }

    /// <summary>Credit notes or debit adjustments of an account, in number order.</summary>
    public async Task<IReadOnlyList<InvoiceAdjustment>> AdjustmentsAsync(string accountId, InvoiceAdjustmentKind kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAdjustmentsAsync(connection, "account_id = @account AND kind = @kind", cancellationToken, ("@account", accountId), ("@kind", kind.ToString()));
    }

    /// <summary>Credit notes and debit adjustments of one invoice, credit notes first, each in number order.</summary>
    public async Task<IReadOnlyList<InvoiceAdjustment>> AdjustmentsOfInvoiceAsync(string invoiceNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAdjustmentsAsync(connection, "invoice_number = @invoice", cancellationToken, ("@invoice", invoiceNumber));
    }

    /// <summary>
    /// Credit notes and debit adjustments of the invoices whose period key lies in
    /// [<paramref name="fromPeriod"/>, <paramref name="toPeriodExclusive"/>): what revenue per period nets out.
    /// </summary>
    public async Task<IReadOnlyList<InvoiceAdjustment>> AdjustmentsOfPeriodsAsync(string fromPeriod, string toPeriodExclusive, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAdjustmentsAsync(
            connection,
            "invoice_number IN (SELECT invoice_number FROM invoices WHERE period >= @from AND period < @to)",
            cancellationToken,
            ("@from", fromPeriod),
            ("@to", toPeriodExclusive));
    }

    /// <summary>A credit note or debit adjustment by number, or null.</summary>
    public async Task<InvoiceAdjustment?> FindAdjustmentAsync(string number, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await QueryAdjustmentsAsync(connection, "adjustment_number = @number", cancellationToken, ("@number", number));
        return found.Count > 0 ? found[0] : null;
    }

    private static void RequireNotVoided(InvoiceRow invoice, ReceivableTotals totals, string what)
    {
        if (InvoiceReceivable.IsVoided(invoice.Total, totals.Credited, totals.Debited))
        {
            throw new DomainException(
                "INVOICE_VOIDED",
                "invoiceNumber",
                $"invoice {invoice.InvoiceNumber} is voided (credit notes cover its whole amount of {invoice.Total + totals.Debited} {invoice.Currency}); {what} cannot be recorded against it — bill the payer on a new invoice instead.");
        }
    }

    private static async Task<InvoiceRow> InvoiceAsync(DbConnection connection, DbTransaction transaction, string invoiceNumber, string field, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT invoice_id, account_id, currency, total FROM invoices WHERE invoice_number = @number",
            ("@number", invoiceNumber));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new DomainException("UNKNOWN_INVOICE", field, $"{field} '{invoiceNumber}' is not an issued invoice; give the number printed on the invoice, e.g. INV-000001.");
        }

        return new InvoiceRow(reader.GetString(0), invoiceNumber, reader.GetString(1), reader.GetString(2), DbValues.Dec(reader.GetString(3)));
    }

    private static async Task<HashSet<int>> InvoiceLineNumbersAsync(DbConnection connection, DbTransaction transaction, string invoiceId, CancellationToken cancellationToken)
    {
        var numbers = new HashSet<int>();
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT line_number FROM invoice_lines WHERE invoice_id = @id", ("@id", invoiceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            numbers.Add(reader.GetInt32(0));
        }

        return numbers;
    }

    private static async Task<ReceivableTotals> TotalsAsync(DbConnection connection, DbTransaction? transaction, string invoiceNumber, CancellationToken cancellationToken)
    {
        // Amounts are decimal text: summed here, exactly, not by SQL.
        decimal credited = 0m, debited = 0m, paid = 0m;
        await using (var command = NMcsDatabase.Command(connection, transaction, "SELECT kind, amount FROM invoice_adjustments WHERE invoice_number = @invoice", ("@invoice", invoiceNumber)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var amount = DbValues.Dec(reader.GetString(1));
                if (reader.GetString(0) == nameof(InvoiceAdjustmentKind.CreditNote))
                {
                    credited += amount;
                }
                else
                {
                    debited += amount;
                }
            }
        }

        await using (var command = NMcsDatabase.Command(connection, transaction, "SELECT amount FROM payments WHERE invoice_number = @invoice", ("@invoice", invoiceNumber)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                paid += DbValues.Dec(reader.GetString(0));
            }
        }

        return new ReceivableTotals(credited, debited, paid);
    }

    private static async Task<string> NextNumberAsync(DbConnection connection, DbTransaction transaction, string counter, string prefix, CancellationToken cancellationToken)
    {
        // Same pattern as invoice numbers: the bump is part of the caller's transaction, so a rollback returns it.
        await using (var bump = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
            ("@name", counter)))
        {
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = NMcsDatabase.Command(connection, transaction, "SELECT value FROM counters WHERE name = @name", ("@name", counter));
        var sequence = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{sequence:D6}");
    }

    private static async Task<IReadOnlyList<Payment>> QueryPaymentsAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string where,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var payments = new List<Payment>();
        await using var command = NMcsDatabase.Command(connection, transaction, $"SELECT {PaymentColumns} FROM payments WHERE {where} ORDER BY payment_id", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            payments.Add(new Payment(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DbValues.Dec(reader.GetString(3)),
                reader.GetString(4),
                DbValues.Time(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                DbValues.Time(reader.GetString(8))));
        }

        return payments;
    }

    private static async Task<IReadOnlyList<InvoiceAdjustment>> QueryAdjustmentsAsync(
        DbConnection connection,
        string where,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var adjustments = new List<InvoiceAdjustment>();
        await using (var command = NMcsDatabase.Command(
            connection,
            null,
            $"SELECT adjustment_number, kind, invoice_number, account_id, currency, amount, reason, issued_at FROM invoice_adjustments WHERE {where} ORDER BY kind, adjustment_number",
            parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                adjustments.Add(new InvoiceAdjustment(
                    reader.GetString(0),
                    Enum.Parse<InvoiceAdjustmentKind>(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    DbValues.Dec(reader.GetString(5)),
                    reader.GetString(6),
                    DbValues.Time(reader.GetString(7)),
                    []));
            }
        }

        for (var i = 0; i < adjustments.Count; i++)
        {
            var lines = new List<InvoiceAdjustmentLine>();
            await using var command = NMcsDatabase.Command(
                connection,
                null,
                "SELECT line_number, description, amount, invoice_line_number FROM invoice_adjustment_lines WHERE adjustment_number = @number ORDER BY line_number",
                ("@number", adjustments[i].Number));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new InvoiceAdjustmentLine(
                    reader.GetInt32(0),
                    reader.GetString(1),
                    DbValues.Dec(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3)));
            }

            adjustments[i] = adjustments[i] with { Lines = lines };
        }

        return adjustments;
    }

    private sealed record InvoiceRow(string InvoiceId, string InvoiceNumber, string AccountId, string Currency, decimal Total);
}
