using NMcs.Billing;
using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

public sealed class InvoiceStoreTests : StoreTest
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

    private InvoiceStore _invoices = null!;
    private UsageLedger _ledger = null!;

    protected override Task OnStoreReadyAsync()
    {
        _invoices = new InvoiceStore(Db.Database);
        _ledger = new UsageLedger(Db.Database);
        return Task.CompletedTask;
    }

    // RC 4.99 + UC 0.3333 -> 0.33; subtotal = total = 5.32 EUR
    private static InvoiceDraft Draft(decimal monthlyFee = 4.99m) => new(
        Currency.Eur,
        [
            new InvoiceLine(1, ChargeKind.RecurringCharge, "IoT 1 GB monthly fee", SimA, 1m, monthlyFee, monthlyFee),
            new InvoiceLine(2, ChargeKind.UsageCharge, "DATA usage", SimA, 16.665m, 0.3333m, 0.33m),
        ],
        monthlyFee + 0.33m,
        monthlyFee + 0.33m);

    [Fact]
    public async Task Numbers_are_sequential_across_accounts_and_periods()
    {
        var first = await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), [], IssuedAt);
        var second = await _invoices.IssueAsync("ACC-2", "2026-03", Draft(), [], IssuedAt);
        var third = await _invoices.IssueAsync("ACC-1", "2026-04", Draft(), [], IssuedAt);

        Assert.Equal("INV-000001", first.InvoiceNumber);
        Assert.Equal("INV-000002", second.InvoiceNumber);
        Assert.Equal("INV-000003", third.InvoiceNumber);
        Assert.Equal("ACC-1:2026-03", first.InvoiceId);
        Assert.Equal(3, await _invoices.CountAsync());
    }

    [Fact]
    public async Task Issued_invoice_is_stored_with_its_lines()
    {
        var issued = await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), [], IssuedAt);

        var found = await _invoices.FindAsync("ACC-1", "2026-03");

        Assert.NotNull(found);
        Assert.Equal(issued.InvoiceNumber, found.InvoiceNumber);
        Assert.Equal("EUR", found.Currency);
        Assert.Equal(5.32m, found.Subtotal);
        Assert.Equal(5.32m, found.Total);
        Assert.Equal(IssuedAt, found.IssuedAt);
        Assert.Equal(Draft().Lines, found.Lines);
        Assert.Null(await _invoices.FindAsync("ACC-1", "2026-04"));
    }

    [Fact]
    public async Task Issuing_a_period_twice_returns_the_first_invoice_without_consuming_a_number()
    {
        var first = await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), [], IssuedAt);

        var again = await _invoices.IssueAsync("ACC-1", "2026-03", Draft(monthlyFee: 100m), [], IssuedAt.AddDays(1));

        Assert.Equal("INV-000001", again.InvoiceNumber);
        Assert.Equal(first.Total, again.Total);
        Assert.Equal(IssuedAt, again.IssuedAt);
        Assert.Equal(4.99m, again.Lines[0].Amount);
        Assert.Equal(1, await _invoices.CountAsync());

        var next = await _invoices.IssueAsync("ACC-2", "2026-03", Draft(), [], IssuedAt);
        Assert.Equal("INV-000002", next.InvoiceNumber);
    }

    [Fact]
    public async Task Issuing_stamps_the_billed_usage()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2"), Row("b1", accountId: "ACC-2", iccid: SimB)]);
        var unbilled = await _ledger.UnbilledAsync("ACC-1");

        var invoice = await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), unbilled.Select(r => r.RecordId).ToList(), IssuedAt);

        Assert.Empty(await _ledger.UnbilledAsync("ACC-1"));
        Assert.Equal(invoice.InvoiceId, (await _ledger.FindAsync("r1"))!.InvoiceId);
        Assert.Equal(invoice.InvoiceId, (await _ledger.FindAsync("r2"))!.InvoiceId);
        Assert.Single(await _ledger.UnbilledAsync("ACC-2"));
    }

    [Fact]
    public async Task Billing_an_already_invoiced_record_rolls_back_everything_including_the_number()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2")]);
        var march = await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), ["r1"], IssuedAt);
        Assert.Equal("INV-000001", march.InvoiceNumber);

        // r2 would be stamped first, then r1 is found already invoiced: the whole issue must roll back
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _invoices.IssueAsync("ACC-1", "2026-04", Draft(), ["r2", "r1"], IssuedAt));

        Assert.Null(await _invoices.FindAsync("ACC-1", "2026-04"));
        Assert.Null((await _ledger.FindAsync("r2"))!.InvoiceId);
        Assert.Equal("ACC-1:2026-03", (await _ledger.FindAsync("r1"))!.InvoiceId);
        Assert.Equal(1, await _invoices.CountAsync());
        Assert.Equal(2, await Db.CountAsync("invoice_lines")); // only March's two lines

        var retry = await _invoices.IssueAsync("ACC-1", "2026-04", Draft(), ["r2"], IssuedAt);
        Assert.Equal("INV-000002", retry.InvoiceNumber); // no gap
        Assert.Empty(await _ledger.UnbilledAsync("ACC-1"));
    }

    [Fact]
    public async Task Concurrent_issues_commit_together_and_a_failing_one_rolls_back_alone_without_a_gap()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2")]);
        await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), ["r1"], IssuedAt); // INV-000001 takes r1

        // Twenty issues in flight at once are group-committed; the one that bills r1 again fails inside its
        // savepoint, and only it is rolled back, its number included.
        var tasks = Enumerable.Range(0, 20)
            .Select(i => _invoices.IssueAsync("PAYER-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "2026-03", Draft(), i == 7 ? ["r2", "r1"] : [], IssuedAt))
            .ToList();
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => tasks[7]);
        Assert.Contains("r1", failed.Message, StringComparison.Ordinal);
        var issued = new List<string>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (i != 7)
            {
                issued.Add((await tasks[i]).InvoiceNumber);
            }
        }

        // 1 + 19 invoices, numbered INV-000002 .. INV-000020 among the 19: no gap, none twice.
        Assert.Equal(Enumerable.Range(2, 19).Select(n => "INV-" + n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), issued.Order(StringComparer.Ordinal));
        Assert.Equal(20, await _invoices.CountAsync());
        Assert.Null(await _invoices.FindAsync("PAYER-07", "2026-03"));
        Assert.Null((await _ledger.FindAsync("r2"))!.InvoiceId); // the failed issue's stamp was rolled back too
    }

    [Fact]
    public async Task Billing_an_unknown_record_rolls_back_too()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _invoices.IssueAsync("ACC-1", "2026-03", Draft(), ["does-not-exist"], IssuedAt));

        Assert.Equal(0, await _invoices.CountAsync());
        Assert.Equal("INV-000001", (await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), [], IssuedAt)).InvoiceNumber);
    }

    [Fact]
    public async Task Concurrent_issues_get_distinct_numbers_without_gaps()
    {
        var issued = await Task.WhenAll(
            Enumerable.Range(1, 12).Select(i => _invoices.IssueAsync($"ACC-{i:D2}", "2026-03", Draft(), [], IssuedAt)));

        Assert.Equal(
            Enumerable.Range(1, 12).Select(i => $"INV-{i:D6}"),
            issued.Select(i => i.InvoiceNumber).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_returns_an_accounts_invoices_oldest_first()
    {
        await _invoices.IssueAsync("ACC-1", "2026-04", Draft(), [], IssuedAt);
        await _invoices.IssueAsync("ACC-2", "2026-03", Draft(), [], IssuedAt);
        await _invoices.IssueAsync("ACC-1", "2026-03", Draft(), [], IssuedAt);

        var list = await _invoices.ListAsync("ACC-1");

        Assert.Equal(["2026-03", "2026-04"], list.Select(i => i.Period));
        Assert.Equal(["INV-000003", "INV-000001"], list.Select(i => i.InvoiceNumber));
        Assert.All(list, i => Assert.Equal(2, i.Lines.Count));
    }
}
