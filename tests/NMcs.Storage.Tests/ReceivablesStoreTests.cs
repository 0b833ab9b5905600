using Microsoft.Data.Sqlite;
using NMcs.Billing;
using NMcs.Billing.Receivables;
using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

public sealed class ReceivablesStoreTests : StoreTest
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = IssuedAt.AddDays(3);

    private ReceivablesStore _receivables = null!;
    private string _invoiceNumber = null!;

    protected override async Task OnStoreReadyAsync()
    {
        _receivables = new ReceivablesStore(Db.Database);

        // OC 9.90 + UC 0.45 = 10.35 EUR
        var draft = new InvoiceDraft(
            Currency.Eur,
            [
                new InvoiceLine(1, ChargeKind.OneTimeCharge, "activation", SimA, 1m, 9.90m, 9.90m),
                new InvoiceLine(2, ChargeKind.UsageCharge, "DATA usage", SimA, 30m, 0.45m, 0.45m),
            ],
            10.35m,
            10.35m);
        _invoiceNumber = (await new InvoiceStore(Db.Database).IssueAsync("ACC-1", "2026-03", draft, [], IssuedAt)).InvoiceNumber;
    }

    [Fact]
    public async Task Credit_note_numbers_stay_gapless_when_an_insert_fails_inside_the_transaction()
    {
        // A failure after the number was taken (here: the line insert) must roll the number back with the rest.
        await Db.ExecuteAsync("CREATE TRIGGER fail_line BEFORE INSERT ON invoice_adjustment_lines WHEN NEW.description = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

        await Assert.ThrowsAsync<SqliteException>(() => _receivables.IssueAdjustmentAsync(
            InvoiceAdjustmentKind.CreditNote, _invoiceNumber, [new InvoiceAdjustmentLine(1, "boom", 1.00m)], "outage", Now));

        Assert.Equal(0, await Db.CountAsync("invoice_adjustments"));
        Assert.Equal(0, await Db.CountAsync("invoice_adjustment_lines"));
        var first = await _receivables.IssueAdjustmentAsync(InvoiceAdjustmentKind.CreditNote, _invoiceNumber, [new InvoiceAdjustmentLine(1, "outage", 1.00m)], "outage", Now);
        var second = await _receivables.IssueAdjustmentAsync(InvoiceAdjustmentKind.CreditNote, _invoiceNumber, [new InvoiceAdjustmentLine(1, "outage", 2.00m)], "outage", Now);
        var debit = await _receivables.IssueAdjustmentAsync(InvoiceAdjustmentKind.DebitAdjustment, _invoiceNumber, [new InvoiceAdjustmentLine(1, "fee", 0.50m)], "fee", Now);

        Assert.Equal("CN-000001", first.Number);
        Assert.Equal("CN-000002", second.Number);
        Assert.Equal("DN-000001", debit.Number);
        Assert.Equal(new ReceivableTotals(3.00m, 0.50m, 0m), await _receivables.TotalsAsync(_invoiceNumber));
    }

    [Fact]
    public async Task A_refused_credit_note_takes_no_number()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => _receivables.IssueAdjustmentAsync(
            InvoiceAdjustmentKind.CreditNote, _invoiceNumber, [new InvoiceAdjustmentLine(1, "too much", 10.36m)], "outage", Now));

        Assert.Equal("CREDIT_EXCEEDS_INVOICE", refused.Code);
        Assert.Equal("lines", refused.Field);
        Assert.Equal(0, await Db.CountAsync("invoice_adjustments"));
        var note = await _receivables.IssueAdjustmentAsync(InvoiceAdjustmentKind.CreditNote, _invoiceNumber, [new InvoiceAdjustmentLine(1, "all", 10.35m)], "cancelled", Now);
        Assert.Equal("CN-000001", note.Number);

        var voided = await Assert.ThrowsAsync<DomainException>(() => _receivables.RecordPaymentAsync(_invoiceNumber, 1m, "EUR", null, null, null, Now));
        Assert.Equal("INVOICE_VOIDED", voided.Code);
    }

    [Fact]
    public async Task Overpayment_is_refused_and_writes_nothing()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => _receivables.RecordPaymentAsync(_invoiceNumber, 10.36m, "EUR", null, "SEPA 1", "key-1", Now));

        Assert.Equal("PAYMENT_EXCEEDS_OPEN_AMOUNT", refused.Code);
        Assert.Equal("amount", refused.Field);
        Assert.Equal(0, await Db.CountAsync("payments"));
        Assert.Equal(0, await Db.CountAsync("counters WHERE name = 'payment_number'"));

        var paid = await _receivables.RecordPaymentAsync(_invoiceNumber, 10.35m, "EUR", null, "SEPA 1", "key-1", Now);
        Assert.Equal("PAY-000001", paid.PaymentId);
        var again = await Assert.ThrowsAsync<DomainException>(() => _receivables.RecordPaymentAsync(_invoiceNumber, 0.01m, "EUR", null, null, null, Now));
        Assert.Equal("PAYMENT_EXCEEDS_OPEN_AMOUNT", again.Code);
        Assert.Equal(1, await Db.CountAsync("payments"));
    }

    [Theory]
    [InlineData("INV-999999", 1.00, "EUR", "UNKNOWN_INVOICE", "invoiceNumber")]
    [InlineData("INV-000001", 1.00, "USD", "CURRENCY_MISMATCH", "currency")]
    [InlineData("INV-000001", 0, "EUR", "INVALID_AMOUNT", "amount")]
    [InlineData("INV-000001", -1.00, "EUR", "INVALID_AMOUNT", "amount")]
    [InlineData("INV-000001", 1.001, "EUR", "INVALID_AMOUNT", "amount")]
    public async Task Bad_payments_are_refused_naming_the_field(string invoice, double amount, string currency, string code, string field)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => _receivables.RecordPaymentAsync(invoice, (decimal)amount, currency, null, null, null, Now));

        Assert.Equal(code, refused.Code);
        Assert.Equal(field, refused.Field);
        Assert.Equal(0, await Db.CountAsync("payments"));
    }

    [Fact]
    public async Task Same_idempotency_key_and_payload_returns_the_earlier_payment_and_another_payload_is_refused()
    {
        var receivedAt = IssuedAt.AddDays(1);
        var first = await _receivables.RecordPaymentAsync(_invoiceNumber, 4.00m, "EUR", receivedAt, "SEPA 7", "bank-1", Now);

        var retry = await _receivables.RecordPaymentAsync(_invoiceNumber, 4.00m, "EUR", receivedAt, "SEPA 7", "bank-1", Now.AddMinutes(5));
        var retryWithoutTime = await _receivables.RecordPaymentAsync(_invoiceNumber, 4.00m, "EUR", null, "SEPA 7", "bank-1", Now.AddMinutes(6));

        Assert.Equal(first, retry);
        Assert.Equal(first, retryWithoutTime);
        Assert.Equal(1, await Db.CountAsync("payments"));
        Assert.Equal(4.00m, (await _receivables.TotalsAsync(_invoiceNumber)).Paid);

        var reused = await Assert.ThrowsAsync<DomainException>(() => _receivables.RecordPaymentAsync(_invoiceNumber, 5.00m, "EUR", receivedAt, "SEPA 7", "bank-1", Now));
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.Code);
        Assert.Equal("idempotencyKey", reused.Field);
        Assert.Equal(1, await Db.CountAsync("payments"));

        var next = await _receivables.RecordPaymentAsync(_invoiceNumber, 5.00m, "EUR", receivedAt, "SEPA 8", "bank-2", Now);
        Assert.Equal("PAY-000002", next.PaymentId);
        Assert.Equal([first, next], await _receivables.PaymentsAsync("ACC-1"));
    }
}
