using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// Invoice documents over HTTP against a real host process: an issued invoice as PDF and CSV (lines and per-SIM
/// usage), a payment reflected on the PDF's status, and 404 for unknown numbers.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class InvoiceDocumentTests(TestClockHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<TestClockHostFixture>
{
    private const string Iccid = "8944500102198304826";

    [Fact]
    public async Task An_issued_invoice_downloads_as_pdf_and_csv_and_unknown_numbers_are_404()
    {
        var number = await IssueInvoiceAsync();

        using var pdf = await Host.Http.GetAsync(new Uri($"invoices/{number}.pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.True(bytes.Length > 2_000, $"a PDF with embedded font subsets is larger than {bytes.Length} bytes");

        // OC 9.90 (line 1) and data (130 - 100 included) MB x 0.015 = 0.45 (line 2).
        var lines = await Host.Http.GetStringAsync(new Uri($"invoices/{number}.csv", UriKind.Relative));
        var rows = lines.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("invoice_number,document_kind,", rows[0], StringComparison.Ordinal);
        Assert.StartsWith($"{number},invoice,,2026-03,EUR,DOC-PAYER,Documents GmbH,1,One-time charge,", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,event,9.90", rows[1], StringComparison.Ordinal);
        Assert.EndsWith($",{Iccid},,,30,MB,0.45", rows[2], StringComparison.Ordinal);

        var usage = await Host.Http.GetStringAsync(new Uri($"invoices/{number}.csv?part=usage", UriKind.Relative));
        Assert.Equal(
            "invoice_number,currency,iccid,service,records,first_record_id,last_record_id,quantity,unit,amount\r\n"
            + $"{number},EUR,{Iccid},DATA usage,2,doc-0001,doc-0002,30,MB,0.45\r\n",
            usage);

        using var missing = await Host.Http.GetAsync(new Uri("invoices/INV-999999.pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("INV-999999", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missingCsv = await Host.Http.GetAsync(new Uri("invoices/INV-999999.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missingCsv.StatusCode);
        using var missingNote = await Host.Http.GetAsync(new Uri("credit-notes/CN-999999.pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missingNote.StatusCode);

        // A credit note of the invoice renders too.
        var note = await Host.QueryAsync(
            "mutation ($n: String!) { issueCreditNote(invoiceNumber: $n, reason: \"goodwill\", lines: [{ description: \"activation waived\", amount: 9.90, invoiceLineNumber: 1 }]) { number receivable { openAmount status } } }",
            new { n = number });
        Assert.Equal(0.45m, note.Dec("issueCreditNote", "receivable", "openAmount"));
        var noteNumber = note.Str("issueCreditNote", "number");
        var notePdf = await Host.Http.GetByteArrayAsync(new Uri($"credit-notes/{noteNumber}.pdf", UriKind.Relative));
        Assert.Equal("%PDF", Encoding.ASCII.GetString(notePdf, 0, 4));
    }

    private async Task<string> IssueInvoiceAsync()
    {
        await Host.QueryAsync("mutation { createCustomer(input: { id: \"DOC\", name: \"Documents GmbH\", currency: \"EUR\", timeZone: \"Europe/Berlin\" }) { id } }");
        await Host.QueryAsync("""
            mutation { createProduct(input: { id: "DOC-PAYG", name: "IoT pay as you go", currency: "EUR", monthlyFee: 0, activationFee: 9.90,
              usageCharges: [{ serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.015, includedUnits: 100 }] }) { id } }
            """);
        await Host.QueryAsync($"mutation {{ registerSim(input: {{ iccid: \"{Iccid}\", imsi: \"262011234567890\", msisdn: \"4915112345678\" }}) {{ iccid }} }}");
        await Host.QueryAsync($"mutation {{ assignSim(iccid: \"{Iccid}\", customerId: \"DOC\") {{ status }} }}");
        await Host.QueryAsync($"mutation {{ activateSim(iccid: \"{Iccid}\", productId: \"DOC-PAYG\") {{ status }} }}");
        await Host.QueryAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now } }");
        var answer = await Host.IngestOkAsync(
        [
            new { recordId = "doc-0001", iccid = Iccid, timestamp = "2026-03-05T10:00:00Z", serviceType = "DATA", quantity = 60, unit = "MB" },
            new { recordId = "doc-0002", iccid = Iccid, timestamp = "2026-03-06T10:00:00Z", serviceType = "DATA", quantity = 70, unit = "MB" },
        ]);
        Assert.Equal(2, answer.Accepted);
        await Host.QueryAsync("mutation { advanceClock(to: \"2026-04-01T00:00:00Z\") { now } }");
        var invoice = await Host.QueryAsync("mutation { runBilling(accountId: \"DOC-PAYER\", period: \"2026-03\") { number total status dueDate openAmount } }");
        Assert.Equal(10.35m, invoice.Dec("runBilling", "total"));
        Assert.Equal("ISSUED", invoice.Str("runBilling", "status"));
        Assert.Equal("2026-04-15", invoice.Str("runBilling", "dueDate"));
        Assert.Equal(10.35m, invoice.Dec("runBilling", "openAmount"));
        return invoice.Str("runBilling", "number")!;
    }
}
