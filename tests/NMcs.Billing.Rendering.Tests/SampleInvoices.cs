namespace NMcs.Billing.Rendering.Tests;

/// <summary>Invoice documents the tests render.</summary>
internal static class SampleInvoices
{
    public const string Iccid1 = "89490200001234567890";
    public const string Iccid2 = "89490200009876543210";

    public static InvoiceDocument Small() => new()
    {
        Seller = new InvoiceSeller("Nordlicht Mobile GmbH", ["Hafenstraße 12", "20457 Hamburg", "Germany"]),
        InvoiceNumber = "INV-2025-000042",
        Status = "Issued",
        IssueDate = new DateOnly(2025, 2, 1),
        DueDate = new DateOnly(2025, 2, 15),
        Period = new InvoiceBillingPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31), "2025-01"),
        Payer = new InvoicePayer("Łódź Müller Metering Sp. z o.o.", "PAY-1001", ["ul. Piotrkowska 1", "90-001 Łódź", "Poland"]),
        CurrencyCode = "EUR",
        MinorUnits = 2,
        Sections =
        [
            new InvoiceSection("SUB-1", "Smart meters north",
            [
                new InvoiceDocumentLine(1, "Recurring charge", "IoT Basic monthly fee 2025-01", Iccid1, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31), 1m, "month", 4.90m),
                new InvoiceDocumentLine(2, "Usage charge", "DATA usage, 12 records, 1536 MB billable", Iccid1, null, null, 1536m, "MB", 1234.50m),
            ]),
            new InvoiceSection("SUB-2", "Vending machines",
            [
                new InvoiceDocumentLine(3, "One-time charge", "IoT Basic activation", Iccid2, null, null, 1m, "event", 10.00m),
                new InvoiceDocumentLine(4, "Discount", "Launch discount 10 %", Iccid2, null, null, 1m, "event", -1.00m),
            ]),
        ],
        Taxes =
        [
            new InvoiceTaxSummary("telecom", 19m, InvoiceTaxTreatment.Exclusive, 1238.40m, 235.30m),
            new InvoiceTaxSummary("hardware", 7.5m, InvoiceTaxTreatment.Inclusive, 10.00m, 0.70m),
        ],
        Subtotal = 1248.40m,
        TaxTotal = 236.00m,
        Total = 1483.70m,
        AmountPaid = 500m,
        BalanceDue = 983.70m,
        Usage =
        [
            new SimUsageDetail(Iccid1, "DATA usage", 12, "rr-000101", "rr-000112", 1536m, "MB", 1234.50m),
        ],
    };

    /// <summary>One section with <paramref name="lines"/> lines of 1.00 EUR each, and usage for every tenth line.</summary>
    public static InvoiceDocument WithLines(int lines)
    {
        var items = Enumerable.Range(1, lines)
            .Select(i => new InvoiceDocumentLine(i, "Usage charge", $"DATA usage line {i}", $"8949020000{i:D10}", null, null, i, "MB", 1.00m))
            .ToList();
        return Small() with
        {
            Sections = [new InvoiceSection("SUB-9", "Fleet trackers", items)],
            Subtotal = lines,
            TaxTotal = 0m,
            Total = lines,
            AmountPaid = 0m,
            BalanceDue = lines,
            Taxes = [],
            Usage = [.. items.Where(l => l.LineNumber % 10 == 0).Select(l => new SimUsageDetail(l.Iccid!, "DATA usage", 3, $"rr-{l.LineNumber}-a", $"rr-{l.LineNumber}-c", l.Quantity, "MB", l.Amount))],
        };
    }

    public static InvoiceDocument CreditNote() => Small() with
    {
        InvoiceNumber = "CN-2025-000007",
        Kind = InvoiceDocumentKind.CreditNote,
        ReferencedInvoiceNumber = "INV-2025-000042",
        Status = "Issued",
        DueDate = null,
        Sections =
        [
            new InvoiceSection("SUB-1", "Smart meters north",
            [
                new InvoiceDocumentLine(1, "Credit", "Credit for IoT Basic monthly fee 2025-01", Iccid1, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31), 1m, "month", -4.90m),
            ]),
        ],
        Taxes = [new InvoiceTaxSummary("telecom", 19m, InvoiceTaxTreatment.Exclusive, -4.90m, -0.93m)],
        Subtotal = -4.90m,
        TaxTotal = -0.93m,
        Total = -5.83m,
        AmountPaid = 0m,
        BalanceDue = -5.83m,
        Usage = [],
    };
}
