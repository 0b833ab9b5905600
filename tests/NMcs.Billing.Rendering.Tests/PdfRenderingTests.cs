using PdfSharp.Fonts;
using PdfSharp.Pdf.IO;

namespace NMcs.Billing.Rendering.Tests;

public sealed class PdfRenderingTests
{
    [Fact]
    public void Small_invoice_opens_with_PdfReader_as_one_A4_page()
    {
        var pdf = InvoicePdfRenderer.Render(SampleInvoices.Small());

        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.Equal(1, document.PageCount);
        Assert.Equal(595, document.Pages[0].Width.Point, 0);
        Assert.Equal(842, document.Pages[0].Height.Point, 0);
        Assert.Equal("Invoice INV-2025-000042", document.Info.Title);
    }

    [Fact]
    public void Text_shows_number_parties_period_amounts_and_totals()
    {
        var text = PdfInspection.Read(InvoicePdfRenderer.Render(SampleInvoices.Small())).AllText.ToList();

        Assert.Contains("INVOICE", text);
        Assert.Contains("INV-2025-000042", text);
        Assert.Contains("Nordlicht Mobile GmbH", text);
        Assert.Contains("Łódź Müller Metering Sp. z o.o.", text);
        Assert.Contains("Account PAY-1001", text);
        Assert.Contains("2025-01-01 – 2025-01-31", text);
        Assert.Contains("2025-02-15", text);
        Assert.Contains("Smart meters north · account SUB-1", text);
        Assert.Contains("Vending machines · account SUB-2", text);
        Assert.Contains(SampleInvoices.Iccid1, text);
        Assert.Contains("Service 2025-01-01 – 2025-01-31", text);
        Assert.Contains("1,234.50", text);
        Assert.Contains("-1.00", text);
        Assert.Contains("Amount (EUR)", text);
        Assert.Contains("19 %", text);
        Assert.Contains("7.5 %", text);
        Assert.Contains("inclusive", text);
        Assert.Contains("1,483.70 EUR", text);
        Assert.Contains("983.70 EUR", text);
        Assert.Contains("rr-000101 … rr-000112", text);
        Assert.Contains("Page 1 of 1", text);
    }

    [Fact]
    public void Lines_flow_onto_further_pages_with_header_and_page_numbers()
    {
        var ten = PdfInspection.Read(InvoicePdfRenderer.Render(SampleInvoices.WithLines(10)));
        var twoHundred = PdfInspection.Read(InvoicePdfRenderer.Render(SampleInvoices.WithLines(200)));
        var sixHundred = PdfInspection.Read(InvoicePdfRenderer.Render(SampleInvoices.WithLines(600)));

        Assert.Equal(1, ten.PageCount);
        Assert.True(twoHundred.PageCount > 1, $"200 lines on {twoHundred.PageCount} page(s)");
        Assert.True(sixHundred.PageCount > twoHundred.PageCount, $"600 lines on {sixHundred.PageCount} pages, 200 on {twoHundred.PageCount}");

        for (var i = 0; i < sixHundred.PageCount; i++)
        {
            var page = sixHundred.Pages[i];
            Assert.Contains($"Page {i + 1} of {sixHundred.PageCount}", page);
        }

        // Every page that carries invoice lines repeats the table header and the section caption.
        var linePages = sixHundred.Pages.Where(p => p.Any(t => t.StartsWith("DATA usage line ", StringComparison.Ordinal))).ToList();
        Assert.True(linePages.Count > 1);
        Assert.All(linePages, p => Assert.Contains("Description", p));
        Assert.All(linePages.Skip(1), p => Assert.Contains("Fleet trackers · account SUB-9 (continued)", p));

        // No line is lost or printed twice across the page breaks.
        var printed = sixHundred.AllText.Where(t => t.StartsWith("DATA usage line ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 600).Select(i => $"DATA usage line {i}"), printed);
        Assert.Contains("600.00 EUR", sixHundred.AllText);
    }

    [Fact]
    public void Fonts_are_the_embedded_DejaVu_faces()
    {
        var inspection = PdfInspection.Read(InvoicePdfRenderer.Render(SampleInvoices.Small()));

        Assert.NotEmpty(inspection.Fonts);
        Assert.All(inspection.Fonts, f =>
        {
            Assert.True(f.Embedded, $"{f.BaseFont} is not embedded");
            Assert.Equal("/Type0", f.Subtype);
            Assert.Matches("^/[A-Z]{6}\\+DejaVu Sans", f.BaseFont);
        });
        Assert.Contains(inspection.Fonts, f => f.BaseFont.EndsWith("DejaVu Sans,Bold", StringComparison.Ordinal));
    }

    [Fact]
    public void The_embedded_font_resolver_is_installed_in_a_free_slot()
    {
        InvoicePdfRenderer.Render(SampleInvoices.Small());

        Assert.NotNull(InvoiceFontResolver.RegisteredSlot);
        Assert.True(
            GlobalFontSettings.FallbackFontResolver is InvoiceFontResolver || GlobalFontSettings.FontResolver is InvoiceFontResolver,
            "the invoice font resolver is in neither PDFsharp slot");
    }

    [Fact]
    public void Font_resolver_answers_only_for_its_own_family()
    {
        var resolver = InvoiceFontResolver.Instance;

        Assert.Null(resolver.ResolveTypeface("Arial", bold: false, italic: false));
        Assert.Null(resolver.GetFont("Arial"));
        var bold = resolver.ResolveTypeface("nmcs invoice sans", bold: true, italic: true)!;
        Assert.True(bold.MustSimulateItalic);
        var data = resolver.GetFont(bold.FaceName)!;
        Assert.Equal([0x00, 0x01, 0x00, 0x00], data[..4]);
    }

    [Fact]
    public void Credit_note_shows_the_referenced_invoice()
    {
        var text = PdfInspection.Read(InvoicePdfRenderer.Render(SampleInvoices.CreditNote())).AllText.ToList();

        Assert.Contains("CREDIT NOTE", text);
        Assert.Contains("CN-2025-000007", text);
        Assert.Contains("Corrects invoice", text);
        Assert.Contains("INV-2025-000042", text);
        Assert.Contains("This credit note corrects invoice INV-2025-000042.", text);
        Assert.Contains("-5.83 EUR", text);
        Assert.Contains("No usage in this period.", text);
    }

    [Fact]
    public void Credit_note_without_reference_is_refused_naming_the_field()
    {
        var orphan = SampleInvoices.CreditNote() with { ReferencedInvoiceNumber = null };

        var error = Assert.Throws<ArgumentException>(() => InvoicePdfRenderer.Render(orphan));
        Assert.Equal("ReferencedInvoiceNumber", error.ParamName);
    }

    [Fact]
    public void Awkward_text_wraps_inside_its_cell()
    {
        var awkward = SampleInvoices.Small() with
        {
            Sections =
            [
                new InvoiceSection("SUB-1", "Odd, \"quoted\"\nsection",
                [
                    new InvoiceDocumentLine(1, "Usage charge", "Line one, with \"quotes\"\r\nline two\ttabbed " + new string('x', 120), null, null, null, 1m, "MB", 1m),
                ]),
            ],
        };

        var text = PdfInspection.Read(InvoicePdfRenderer.Render(awkward)).AllText.ToList();

        Assert.Contains("Line one, with \"quotes\"", text);
        Assert.Contains("line two tabbed", text);
        Assert.Equal(120, text.Where(t => t.Length > 0 && t.All(c => c == 'x')).Sum(t => t.Length));
    }
}
