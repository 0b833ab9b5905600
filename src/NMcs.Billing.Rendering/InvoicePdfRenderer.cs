using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace NMcs.Billing.Rendering;

/// <summary>
/// Renders an invoice document to an A4 PDF with PDFsharp, using the DejaVu Sans faces embedded in this assembly
/// (see <see cref="InvoiceFontResolver"/>), so no system font is needed. Layout: seller, document facts and payer on
/// the first page; one table per child account; tax summary and totals; per-SIM usage detail. Tables continue on
/// further pages with their header repeated; every page ends with "Page n of m".
/// </summary>
public static class InvoicePdfRenderer
{
    /// <summary>Renders the document to PDF bytes.</summary>
    /// <param name="document">Document to render.</param>
    public static byte[] Render(InvoiceDocument document)
    {
        using var buffer = new MemoryStream();
        Render(document, buffer);
        return buffer.ToArray();
    }

    /// <summary>Renders the document as PDF into <paramref name="output"/>, which stays open.</summary>
    /// <param name="document">Document to render.</param>
    /// <param name="output">Writable stream.</param>
    public static void Render(InvoiceDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        document.Validate();
        InvoiceFontResolver.EnsureRegistered();

        using var pdf = new PdfDocument();
        pdf.Info.Title = $"{Title(document)} {document.InvoiceNumber}";
        pdf.Info.Author = document.Seller.Name;
        pdf.Info.Subject = $"{Title(document)} {document.InvoiceNumber} for {document.Payer.Name}, period {document.Period.Key}";
        pdf.Info.Creator = "N-MCS";

        using (var flow = new PdfPageFlow(pdf, f => RunningHeader(f, document)))
        {
            flow.NewPage();
            DrawHeader(flow, document);
            foreach (var section in document.Sections)
            {
                DrawSection(flow, document, section);
            }

            DrawTaxesAndTotals(flow, document);
            DrawUsage(flow, document);
        }

        DrawFooters(pdf, document);
        pdf.Save(output, closeStream: false);
    }

    private static string Title(InvoiceDocument document) => document.Kind == InvoiceDocumentKind.CreditNote ? "Credit note" : "Invoice";

    private static string Money(InvoiceDocument document, decimal amount) => InvoiceAmountFormat.Grouped(amount, document.MinorUnits);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void DrawHeader(PdfPageFlow flow, InvoiceDocument document)
    {
        var top = flow.Y;
        var sellerWidth = 250d;
        var left = top + flow.Text(document.Seller.Name, PdfPageFlow.Font(12, bold: true), flow.Left, top, sellerWidth) + 2;
        foreach (var line in document.Seller.AddressLines)
        {
            left += flow.Text(line, flow.Regular, flow.Left, left, sellerWidth, brush: XBrushes.DimGray);
        }

        var factsLeft = flow.Left + 280;
        var factsWidth = flow.Right - factsLeft;
        var right = top + flow.Text(Title(document).ToUpperInvariant(), PdfPageFlow.Font(16, bold: true), factsLeft, top, factsWidth, alignRight: true) + 4;
        var facts = new List<(string Label, string Value)>
        {
            (document.Kind == InvoiceDocumentKind.CreditNote ? "Credit note number" : "Invoice number", document.InvoiceNumber),
        };
        if (document.Kind == InvoiceDocumentKind.CreditNote)
        {
            facts.Add(("Corrects invoice", document.ReferencedInvoiceNumber!));
        }

        facts.Add(("Issue date", Date(document.IssueDate)));
        if (document.DueDate is { } due)
        {
            facts.Add(("Due date", Date(due)));
        }

        facts.Add(("Status", document.Status));
        facts.Add(("Billing period", $"{Date(document.Period.From)} – {Date(document.Period.To)}"));
        facts.Add(("Period", document.Period.Key));
        facts.Add(("Currency", document.CurrencyCode));
        foreach (var (label, value) in facts)
        {
            flow.Text(label, flow.Regular, factsLeft, right, 85, brush: XBrushes.DimGray);
            right += flow.Text(value, flow.Bold, factsLeft + 85, right, factsWidth - 85, alignRight: true);
        }

        var y = Math.Max(left, right) + 16;
        y += flow.Text(document.Kind == InvoiceDocumentKind.CreditNote ? "Credited to" : "Bill to", flow.Regular, flow.Left, y, sellerWidth, brush: XBrushes.DimGray);
        y += flow.Text(document.Payer.Name, PdfPageFlow.Font(10, bold: true), flow.Left, y, sellerWidth);
        y += flow.Text($"Account {document.Payer.AccountId}", flow.Regular, flow.Left, y, sellerWidth);
        foreach (var line in document.Payer.AddressLines)
        {
            y += flow.Text(line, flow.Regular, flow.Left, y, sellerWidth);
        }

        if (document.Kind == InvoiceDocumentKind.CreditNote)
        {
            y += 10;
            y += flow.Text($"This credit note corrects invoice {document.ReferencedInvoiceNumber}.", PdfPageFlow.Font(9.5, bold: true), flow.Left, y, flow.Width);
        }

        flow.Y = y + 16;
    }

    private static void RunningHeader(PdfPageFlow flow, InvoiceDocument document)
    {
        var text = $"{document.Seller.Name} · {Title(document)} {document.InvoiceNumber} · {document.Payer.Name} ({document.Payer.AccountId})";
        flow.Y += flow.Text(text, flow.Small, flow.Left, flow.Y, flow.Width, brush: XBrushes.DimGray) + 3;
        flow.Graphics.DrawLine(new XPen(XColors.LightGray, 0.6), flow.Left, flow.Y, flow.Right, flow.Y);
        flow.Y += 8;
    }

    private static void Heading(PdfPageFlow flow, string text)
    {
        var font = PdfPageFlow.Font(10, bold: true);
        flow.EnsureSpace(font.GetHeight() + 50);
        flow.Y += flow.Text(text, font, flow.Left, flow.Y, flow.Width) + 4;
    }

    private static void DrawSection(PdfPageFlow flow, InvoiceDocument document, InvoiceSection section)
    {
        var caption = $"{section.Title} · account {section.AccountId}";
        Heading(flow, caption);
        var columns = LineColumns(flow.Width, document.CurrencyCode);
        var rows = section.Lines.Select(line => new PdfTableRow(
        [
            line.LineNumber.ToString(CultureInfo.InvariantCulture),
            line.Kind,
            line.Description,
            line.Iccid ?? "",
            InvoiceAmountFormat.Quantity(line.Quantity),
            line.Unit,
            Money(document, line.Amount),
        ],
        [null, null, ServicePeriod(line), null, null, null, null])).Append(new PdfTableRow(["", "", $"Total {section.Title}", "", "", "", Money(document, section.Lines.Sum(l => l.Amount))], Emphasis: true));
        flow.Table(columns, rows, caption + " (continued)");
        flow.Y += 14;
    }

    private static string? ServicePeriod(InvoiceDocumentLine line) => (line.ServiceFrom, line.ServiceTo) switch
    {
        ({ } from, { } to) => $"Service {Date(from)} – {Date(to)}",
        ({ } from, null) => $"Service from {Date(from)}",
        (null, { } to) => $"Service until {Date(to)}",
        _ => null,
    };

    private static PdfTableColumn[] LineColumns(double width, string currency)
    {
        PdfTableColumn[] fixedColumns =
        [
            new("#", 22, AlignRight: true),
            new("Kind", 72),
            new("Description", 0),
            new("ICCID", 104),
            new("Quantity", 50, AlignRight: true),
            new("Unit", 36),
            new($"Amount ({currency})", 72, AlignRight: true),
        ];
        fixedColumns[2] = fixedColumns[2] with { Width = width - fixedColumns.Sum(c => c.Width) };
        return fixedColumns;
    }

    private static void DrawTaxesAndTotals(PdfPageFlow flow, InvoiceDocument document)
    {
        Heading(flow, "Tax summary");
        if (document.Taxes.Count == 0)
        {
            flow.Y += flow.Text("No tax applies.", flow.Regular, flow.Left, flow.Y, flow.Width) + 8;
        }
        else
        {
            var currency = document.CurrencyCode;
            PdfTableColumn[] columns =
            [
                new("Tax category", 0),
                new("Rate", 60, AlignRight: true),
                new("Treatment", 80),
                new($"Taxable amount ({currency})", 110, AlignRight: true),
                new($"Tax ({currency})", 100, AlignRight: true),
            ];
            columns[0] = columns[0] with { Width = flow.Width - columns.Sum(c => c.Width) };
            var rows = document.Taxes.Select(t => new PdfTableRow(
            [
                t.Category,
                InvoiceAmountFormat.Quantity(t.Rate) + " %",
                t.Treatment == InvoiceTaxTreatment.Inclusive ? "inclusive" : "exclusive",
                Money(document, t.TaxableAmount),
                Money(document, t.Tax),
            ]));
            flow.Table(columns, rows, "Tax summary (continued)");
            flow.Y += 3;
            flow.Y += flow.Text("Exclusive tax is added to the subtotal; inclusive tax is contained in the line amounts.", flow.Small, flow.Left, flow.Y, flow.Width, brush: XBrushes.DimGray) + 10;
        }

        (string Label, decimal Amount, bool Strong)[] totals =
        [
            ("Subtotal", document.Subtotal, false),
            ("Tax total", document.TaxTotal, false),
            (document.Kind == InvoiceDocumentKind.CreditNote ? "Total credited" : "Total", document.Total, true),
            ("Amount paid", document.AmountPaid, false),
            ("Balance due", document.BalanceDue, true),
        ];
        var lineHeight = flow.Bold.GetHeight() + 3;
        flow.EnsureSpace((totals.Length * lineHeight) + 10);
        var labelLeft = flow.Right - 260;
        foreach (var (label, amount, strong) in totals)
        {
            var font = strong ? flow.Bold : flow.Regular;
            if (strong)
            {
                flow.Graphics.DrawLine(new XPen(XColors.Black, 0.6), labelLeft, flow.Y, flow.Right, flow.Y);
            }

            flow.Text(label, font, labelLeft, flow.Y + 1.5, 130);
            flow.Text($"{Money(document, amount)} {document.CurrencyCode}", font, labelLeft + 130, flow.Y + 1.5, 130, alignRight: true);
            flow.Y += lineHeight;
        }

        flow.Y += 16;
    }

    private static void DrawUsage(PdfPageFlow flow, InvoiceDocument document)
    {
        Heading(flow, "Usage detail per SIM");
        flow.Y += flow.Text(
            "Each row sums the rated usage records of one SIM and service; 'Rated records' names the first and last record id, so the row can be traced in the rating ledger.",
            flow.Small,
            flow.Left,
            flow.Y,
            flow.Width,
            brush: XBrushes.DimGray) + 4;
        if (document.Usage.Count == 0)
        {
            flow.Y += flow.Text("No usage in this period.", flow.Regular, flow.Left, flow.Y, flow.Width);
            return;
        }

        PdfTableColumn[] columns =
        [
            new("ICCID", 104),
            new("Service", 0),
            new("Records", 44, AlignRight: true),
            new("Rated records", 110),
            new("Quantity", 56, AlignRight: true),
            new("Unit", 36),
            new($"Amount ({document.CurrencyCode})", 72, AlignRight: true),
        ];
        columns[1] = columns[1] with { Width = flow.Width - columns.Sum(c => c.Width) };
        var rows = document.Usage.Select(u => new PdfTableRow(
        [
            u.Iccid,
            u.Service,
            u.Records.ToString(CultureInfo.InvariantCulture),
            u.FirstRecordId is null && u.LastRecordId is null ? "—" : $"{u.FirstRecordId} … {u.LastRecordId}",
            InvoiceAmountFormat.Quantity(u.Quantity),
            u.Unit,
            Money(document, u.Amount),
        ]));
        flow.Table(columns, rows, "Usage detail per SIM (continued)");
    }

    private static void DrawFooters(PdfDocument pdf, InvoiceDocument document)
    {
        var font = PdfPageFlow.Font(7.5, bold: false);
        var left = $"{Title(document)} {document.InvoiceNumber} · {document.Seller.Name}";
        for (var i = 0; i < pdf.PageCount; i++)
        {
            var page = pdf.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - PdfPageFlow.Margin + 8;
            var width = page.Width.Point - (2 * PdfPageFlow.Margin);
            graphics.DrawLine(new XPen(XColors.LightGray, 0.6), PdfPageFlow.Margin, y - 4, PdfPageFlow.Margin + width, y - 4);
            graphics.DrawString(left, font, XBrushes.DimGray, new XRect(PdfPageFlow.Margin, y, width, font.GetHeight()), XStringFormats.TopLeft);
            graphics.DrawString(
                string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {pdf.PageCount}"),
                font,
                XBrushes.DimGray,
                new XRect(PdfPageFlow.Margin, y, width, font.GetHeight()),
                XStringFormats.TopRight);
        }
    }
}
