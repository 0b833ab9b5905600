using System.Text;

namespace NMcs.Billing.Rendering.Tests;

public sealed class CsvRenderingTests
{
    private static readonly UTF8Encoding Strict = new(false, true);

    [Fact]
    public void Lines_csv_has_one_header_and_one_row_per_line_with_exact_amounts()
    {
        var csv = Strict.GetString(InvoiceCsvRenderer.RenderLines(SampleInvoices.Small()));
        var rows = csv.Split("\r\n");

        Assert.Equal(
            "invoice_number,document_kind,referenced_invoice_number,period_key,currency,section_account_id,section_title,line_number,kind,description,iccid,service_from,service_to,quantity,unit,amount",
            rows[0]);
        Assert.Equal(
            "INV-2025-000042,invoice,,2025-01,EUR,SUB-1,Smart meters north,1,Recurring charge,IoT Basic monthly fee 2025-01,89490200001234567890,2025-01-01,2025-01-31,1,month,4.90",
            rows[1]);
        Assert.Equal(
            "INV-2025-000042,invoice,,2025-01,EUR,SUB-1,Smart meters north,2,Usage charge,\"DATA usage, 12 records, 1536 MB billable\",89490200001234567890,,,1536,MB,1234.50",
            rows[2]);
        Assert.Equal(
            "INV-2025-000042,invoice,,2025-01,EUR,SUB-2,Vending machines,4,Discount,Launch discount 10 %,89490200009876543210,,,1,event,-1.00",
            rows[4]);
        Assert.Equal("", rows[^1]);
        Assert.Equal(6, rows.Length);
    }

    [Fact]
    public void Awkward_descriptions_are_quoted_per_rfc4180()
    {
        var document = WithDescriptions("plain", "comma, inside", "say \"hi\"", "two\r\nlines", "lf\nonly", " padded ");

        var csv = Strict.GetString(InvoiceCsvRenderer.RenderLines(document));

        Assert.Contains(",plain,", csv, StringComparison.Ordinal);
        Assert.Contains(",\"comma, inside\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"say \"\"hi\"\"\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"two\r\nlines\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"lf\nonly\",", csv, StringComparison.Ordinal);
        Assert.Contains(", padded ,", csv, StringComparison.Ordinal);
        Assert.Contains("\"Odd, \"\"quoted\"\" section\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_csv_round_trips_through_a_strict_parser()
    {
        var document = WithDescriptions("comma, inside", "say \"hi\"", "two\r\nlines", "Łódź – €");

        var records = Rfc4180.Parse(Strict.GetString(InvoiceCsvRenderer.RenderLines(document)));

        Assert.Equal(InvoiceCsvRenderer.LineColumns, records[0]);
        var lines = document.Sections.SelectMany(s => s.Lines.Select(l => (Section: s, Line: l))).ToList();
        Assert.Equal(lines.Count + 1, records.Count);
        foreach (var (record, (section, line)) in records.Skip(1).Zip(lines))
        {
            Assert.Equal(InvoiceCsvRenderer.LineColumns.Count, record.Count);
            Assert.Equal(document.InvoiceNumber, record[0]);
            Assert.Equal(section.AccountId, record[5]);
            Assert.Equal(section.Title, record[6]);
            Assert.Equal(line.LineNumber, int.Parse(record[7], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(line.Description, record[9]);
            Assert.Equal(line.Quantity, decimal.Parse(record[13], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(line.Amount, decimal.Parse(record[15], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Usage_csv_traces_each_row_to_its_rated_records()
    {
        var records = Rfc4180.Parse(Strict.GetString(InvoiceCsvRenderer.RenderUsage(SampleInvoices.Small())));

        Assert.Equal(InvoiceCsvRenderer.UsageColumns, records[0]);
        Assert.Equal(
            ["INV-2025-000042", "EUR", SampleInvoices.Iccid1, "DATA usage", "12", "rr-000101", "rr-000112", "1536", "MB", "1234.50"],
            records[1]);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Csv_is_utf8_without_bom()
    {
        var bytes = InvoiceCsvRenderer.RenderLines(WithDescriptions("Łódź €"));

        Assert.Equal((byte)'i', bytes[0]);
        Assert.Contains("Łódź €", Strict.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal((byte)'i', InvoiceCsvRenderer.RenderUsage(SampleInvoices.Small())[0]);
    }

    [Fact]
    public void Credit_note_rows_name_the_referenced_invoice()
    {
        var records = Rfc4180.Parse(Strict.GetString(InvoiceCsvRenderer.RenderLines(SampleInvoices.CreditNote())));

        Assert.Equal(["CN-2025-000007", "credit_note", "INV-2025-000042"], records[1].Take(3));
        Assert.Equal("-4.90", records[1][15]);
    }

    [Fact]
    public void Writers_accept_a_text_writer()
    {
        using var writer = new StringWriter();

        InvoiceCsvRenderer.WriteUsage(SampleInvoices.Small(), writer);

        Assert.Equal(Strict.GetString(InvoiceCsvRenderer.RenderUsage(SampleInvoices.Small())), writer.ToString());
    }

    private static InvoiceDocument WithDescriptions(params string[] descriptions) => SampleInvoices.Small() with
    {
        Sections =
        [
            new InvoiceSection("SUB-7", "Odd, \"quoted\" section",
            [
                .. descriptions.Select((d, i) => new InvoiceDocumentLine(i + 1, "Usage charge", d, SampleInvoices.Iccid1, null, null, 0.5m * (i + 1), "MB", 1.10m * (i + 1))),
            ]),
        ],
    };
}
