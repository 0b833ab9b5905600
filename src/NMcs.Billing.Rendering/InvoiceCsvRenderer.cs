using System.Globalization;
using System.Text;

namespace NMcs.Billing.Rendering;

/// <summary>
/// Renders an invoice document as two RFC 4180 CSV files: its lines, and its per-SIM usage detail. One header row,
/// CRLF row ends, fields quoted when they hold a comma, quote, CR or LF (quotes doubled), invariant culture, amounts
/// with exactly the currency's minor units. The byte forms are UTF-8 without a byte-order mark.
/// </summary>
public static class InvoiceCsvRenderer
{
    /// <summary>Header of the lines CSV.</summary>
    public static readonly IReadOnlyList<string> LineColumns =
    [
        "invoice_number", "document_kind", "referenced_invoice_number", "period_key", "currency", "section_account_id",
        "section_title", "line_number", "kind", "description", "iccid", "service_from", "service_to", "quantity", "unit",
        "amount",
    ];

    /// <summary>Header of the usage-detail CSV.</summary>
    public static readonly IReadOnlyList<string> UsageColumns =
    [
        "invoice_number", "currency", "iccid", "service", "records", "first_record_id", "last_record_id", "quantity",
        "unit", "amount",
    ];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The lines CSV as UTF-8 bytes without a byte-order mark.</summary>
    /// <param name="document">Document to render.</param>
    public static byte[] RenderLines(InvoiceDocument document) => ToBytes(document, WriteLines);

    /// <summary>The usage-detail CSV as UTF-8 bytes without a byte-order mark.</summary>
    /// <param name="document">Document to render.</param>
    public static byte[] RenderUsage(InvoiceDocument document) => ToBytes(document, WriteUsage);

    /// <summary>Writes the lines CSV: one row per invoice line, in section and line order.</summary>
    /// <param name="document">Document to render.</param>
    /// <param name="writer">Destination.</param>
    public static void WriteLines(InvoiceDocument document, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(writer);
        document.Validate();
        WriteRow(writer, LineColumns);
        var kind = document.Kind == InvoiceDocumentKind.CreditNote ? "credit_note" : "invoice";
        foreach (var section in document.Sections)
        {
            foreach (var line in section.Lines)
            {
                WriteRow(writer,
                [
                    document.InvoiceNumber,
                    kind,
                    document.ReferencedInvoiceNumber ?? "",
                    document.Period.Key,
                    document.CurrencyCode,
                    section.AccountId,
                    section.Title,
                    line.LineNumber.ToString(CultureInfo.InvariantCulture),
                    line.Kind,
                    line.Description,
                    line.Iccid ?? "",
                    Date(line.ServiceFrom),
                    Date(line.ServiceTo),
                    InvoiceAmountFormat.Quantity(line.Quantity),
                    line.Unit,
                    InvoiceAmountFormat.Plain(line.Amount, document.MinorUnits),
                ]);
            }
        }
    }

    /// <summary>Writes the usage-detail CSV: one row per SIM and service.</summary>
    /// <param name="document">Document to render.</param>
    /// <param name="writer">Destination.</param>
    public static void WriteUsage(InvoiceDocument document, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(writer);
        document.Validate();
        WriteRow(writer, UsageColumns);
        foreach (var usage in document.Usage)
        {
            WriteRow(writer,
            [
                document.InvoiceNumber,
                document.CurrencyCode,
                usage.Iccid,
                usage.Service,
                usage.Records.ToString(CultureInfo.InvariantCulture),
                usage.FirstRecordId ?? "",
                usage.LastRecordId ?? "",
                InvoiceAmountFormat.Quantity(usage.Quantity),
                usage.Unit,
                InvoiceAmountFormat.Plain(usage.Amount, document.MinorUnits),
            ]);
        }
    }

    private static byte[] ToBytes(InvoiceDocument document, Action<InvoiceDocument, TextWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, Utf8NoBom, leaveOpen: true))
        {
            write(document, writer);
        }

        return buffer.ToArray();
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, fields[i]);
        }

        // RFC 4180 ends every record, the last one included, with CRLF.
        writer.Write("\r\n");
    }

    private static void WriteField(TextWriter writer, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
