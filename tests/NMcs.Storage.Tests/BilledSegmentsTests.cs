using NMcs.Billing;
using NMcs.Billing.Recurring;
using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Storage.Tests;

/// <summary>What an invoice billed of recurring charges reads back exactly, per payer and subscription.</summary>
public sealed class BilledSegmentsTests : StoreTest
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);
    private InvoiceStore _invoices = null!;

    protected override Task OnStoreReadyAsync()
    {
        _invoices = new InvoiceStore(Db.Database);
        return Task.CompletedTask;
    }

    // 9.90 EUR a month, 20 of 31 March days: 9.90 * 20 / 31 = 6.387096774... -> 6.39
    private static RecurringChargeSegment March(string description, string? taxCategory, string product = "IoT 1 GB") => new(
        product, "rc-monthly", "Monthly fee", ChargeTiming.InAdvance, ServiceStatus.Active,
        new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1), new LocalDate(2026, 3, 12), new LocalDate(2026, 4, 1),
        20, 31, 9.90m, 9.90m * 20 / 31, 6.39m, new LocalDate(2026, 3, 12), description, taxCategory);

    // A credit of 5 suspended April days at the reduced price 2.00: -2.00 * 5 / 30 = -0.3333... -> -0.33
    private static RecurringChargeSegment AprilCredit() => new(
        "IoT 1 GB", "rc-monthly", "Monthly fee", ChargeTiming.InArrears, ServiceStatus.Suspended,
        new LocalDate(2026, 4, 1), new LocalDate(2026, 5, 1), new LocalDate(2026, 4, 10), new LocalDate(2026, 4, 15),
        -5, 30, 2.00m, -2.00m * 5 / 30, -0.33m, new LocalDate(2026, 4, 30), "credit", null);

    private static InvoiceDraft Draft() => new(Currency.Eur, [], 0m, 0m);

    [Fact]
    public async Task Segments_read_back_field_for_field_including_separators_and_a_null_tax_category()
    {
        var awkward = March("tab\there, line\nfeed, cr\r, backslash \\ and a literal \\N", null, product: "Plan \\N\t2");
        var plain = March("IoT 1 GB monthly fee 12 Mar - 31 Mar", "standard");
        await _invoices.IssueAsync("PAY-1", "2026-03", Draft(), [], IssuedAt, [("sub-a", awkward), ("sub-b", plain), ("sub-a", AprilCredit())]);

        var billed = await _invoices.BilledSegmentsAsync("PAY-1", ["sub-a", "sub-b", "sub-none"]);

        Assert.Equal([awkward, AprilCredit()], billed["sub-a"]);
        Assert.Equal([plain], billed["sub-b"]);
        Assert.Empty(billed["sub-none"]);
        Assert.Null(billed["sub-a"][0].TaxCategory);
        Assert.Equal(9.90m * 20 / 31, billed["sub-a"][0].UnroundedAmount);
    }

    [Fact]
    public async Task A_subscription_reads_its_invoices_in_order_and_only_under_its_payer()
    {
        await _invoices.IssueAsync("PAY-1", "2026-03", Draft(), [], IssuedAt, [("sub-a", March("march", null))]);
        await _invoices.IssueAsync("PAY-1", "2026-04", Draft(), [], IssuedAt, [("sub-a", AprilCredit())]);
        await _invoices.IssueAsync("PAY-2", "2026-03", Draft(), [], IssuedAt, [("sub-x", March("other payer", null))]);

        var billed = await _invoices.BilledSegmentsAsync("PAY-1", ["sub-a", "sub-x"]);

        Assert.Equal(["march", "credit"], billed["sub-a"].Select(s => s.Description));
        Assert.Empty(billed["sub-x"]);
    }

    [Fact]
    public async Task An_issue_that_rolls_back_leaves_no_billed_segments()
    {
        await _invoices.IssueAsync("PAY-1", "2026-03", Draft(), [], IssuedAt, [("sub-a", March("first", null))]);

        // Billing a record nobody rated fails the issue: its segments go with it.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _invoices.IssueAsync("PAY-1", "2026-04", Draft(), ["no-such-record"], IssuedAt, [("sub-a", AprilCredit())]));

        var billed = await _invoices.BilledSegmentsAsync("PAY-1", ["sub-a"]);
        Assert.Equal(["first"], billed["sub-a"].Select(s => s.Description));
    }

    [Fact]
    public async Task A_store_with_the_earlier_per_segment_layout_is_refused_at_start_with_the_fix()
    {
        await using (var connection = await Db.Database.OpenAsync())
        {
            await using var drop = NMcsDatabase.Command(connection, null, "DROP TABLE billed_segments");
            await drop.ExecuteNonQueryAsync();
            await using var old = NMcsDatabase.Command(connection, null, "CREATE TABLE billed_segments (invoice_id TEXT NOT NULL, seq INTEGER NOT NULL, subscription_id TEXT NOT NULL, PRIMARY KEY (invoice_id, seq))");
            await old.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Db.ReopenAsync());
        Assert.Contains("earlier build", error.Message, StringComparison.Ordinal);
        Assert.Contains("new data directory", error.Message, StringComparison.Ordinal);
    }
}
