using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Billing;
using NMcs.Billing.Receivables;
using NMcs.Billing.Rendering;
using NMcs.Grains.Receivables;
using NMcs.Storage;
using NMcs.Time;
using NodaTime;

namespace NMcs.Api.Documents;

/// <summary>
/// Maps a stored invoice or credit note to the renderer's <see cref="InvoiceDocument"/>: seller from configuration
/// (<c>NMcs:Operator:Name</c>, <c>NMcs:Operator:Address</c> with lines separated by <c>|</c>), payer = the customer,
/// one section per account the lines belong to, status and amounts from accounts receivable, and per-SIM usage from
/// the rated records the invoice stamped. Pure mapping: no amount is recomputed except rounding the usage detail
/// sums, half-up at the minor unit.
/// </summary>
public sealed partial class InvoiceDocumentFactory(
    InvoiceQueries queries,
    ReceivablesStore store,
    AccountsReceivable receivables,
    IGrainFactory grains,
    IConfiguration configuration)
{
    /// <summary>Seller name printed when <c>NMcs:Operator:Name</c> is not set.</summary>
    public const string DefaultOperatorName = "N-MCS Operator";

    /// <summary>The document of an issued invoice, or null when no invoice has that number.</summary>
    public async Task<InvoiceDocument?> InvoiceAsync(string invoiceNumber, CancellationToken cancellationToken = default)
    {
        var invoice = await queries.FindByNumberAsync(invoiceNumber, cancellationToken);
        if (invoice is null)
        {
            return null;
        }

        var (account, payerName) = await PayerAsync(invoice.AccountId);
        var timeZone = account?.TimeZone ?? "UTC";
        var receivable = await receivables.EvaluateAsync(invoice, cancellationToken);
        var currency = Currency.Parse(invoice.Currency);
        var sections = invoice.Lines
            .GroupBy(l => string.IsNullOrEmpty(l.AccountId) ? invoice.AccountId : l.AccountId, StringComparer.Ordinal)
            .Select(g => new InvoiceSection(g.Key, g.Key == invoice.AccountId ? payerName : g.Key, g.Select(ToLine).ToList()))
            .ToList();
        var usage = (await queries.UsageAsync(invoice.InvoiceId, cancellationToken))
            .Select(u => new SimUsageDetail(
                u.Iccid,
                u.Service + " usage",
                u.Records,
                u.FirstRecordId,
                u.LastRecordId,
                u.BillableUnits,
                u.RateUnit,
                Math.Round(u.Amount, currency.MinorUnits, MidpointRounding.AwayFromZero)))
            .ToList();
        return new InvoiceDocument
        {
            Seller = Seller(),
            InvoiceNumber = invoice.InvoiceNumber,
            Status = StatusLabel(receivable.Status),
            IssueDate = LocalDate(invoice.IssuedAt, timeZone),
            DueDate = receivable.DueDate,
            Period = PeriodOf(invoice, timeZone),
            Payer = new InvoicePayer(payerName, invoice.AccountId, []),
            CurrencyCode = currency.Code,
            MinorUnits = currency.MinorUnits,
            Sections = sections.Count > 0 ? sections : [new InvoiceSection(invoice.AccountId, payerName, [])],
            Taxes = (invoice.Taxes ?? []).Select(t => new InvoiceTaxSummary(
                t.Category,
                t.Rate,
                t.Treatment == NMcs.Catalog.Model.TaxTreatment.Inclusive ? InvoiceTaxTreatment.Inclusive : InvoiceTaxTreatment.Exclusive,
                t.TaxableAmount,
                t.Tax)).ToList(),
            Subtotal = invoice.Subtotal,
            TaxTotal = invoice.TaxTotal,
            Total = invoice.Total,
            AmountPaid = receivable.Paid,
            BalanceDue = receivable.OpenAmount,
            Usage = usage,
        };
    }

    /// <summary>The document of a credit note, or null when no credit note has that number.</summary>
    public async Task<InvoiceDocument?> CreditNoteAsync(string number, CancellationToken cancellationToken = default)
    {
        var note = await store.FindAdjustmentAsync(number, cancellationToken);
        if (note is null || note.Kind != InvoiceAdjustmentKind.CreditNote)
        {
            return null;
        }

        var invoice = await queries.FindByNumberAsync(note.InvoiceNumber, cancellationToken)
            ?? throw new InvalidOperationException($"credit note {number} names invoice {note.InvoiceNumber}, which is not in the store.");
        var (account, payerName) = await PayerAsync(invoice.AccountId);
        var timeZone = account?.TimeZone ?? "UTC";
        var currency = Currency.Parse(note.Currency);
        var lines = note.Lines
            .Select(l => new InvoiceDocumentLine(
                l.LineNumber,
                "Credit",
                l.InvoiceLineNumber is int n ? $"{l.Description} (invoice line {n})" : l.Description,
                null,
                null,
                null,
                1m,
                string.Empty,
                l.Amount))
            .ToList();
        return new InvoiceDocument
        {
            Seller = Seller(),
            InvoiceNumber = note.Number,
            Kind = InvoiceDocumentKind.CreditNote,
            ReferencedInvoiceNumber = note.InvoiceNumber,
            Status = "Issued",
            IssueDate = LocalDate(note.IssuedAt, timeZone),
            Period = PeriodOf(invoice, timeZone),
            Payer = new InvoicePayer(payerName, invoice.AccountId, [note.Reason]),
            CurrencyCode = currency.Code,
            MinorUnits = currency.MinorUnits,
            Sections = [new InvoiceSection(invoice.AccountId, payerName, lines)],
            Subtotal = note.Amount,
            TaxTotal = 0m,
            Total = note.Amount,
            BalanceDue = 0m,
        };
    }

    /// <summary>How a status is printed.</summary>
    public static string StatusLabel(ReceivableStatus status) => status switch
    {
        ReceivableStatus.PartiallyPaid => "Partially paid",
        _ => status.ToString(),
    };

    private static InvoiceDocumentLine ToLine(InvoiceLine line) => new(
        line.LineNumber,
        KindLabel(line.Kind),
        line.Description,
        string.IsNullOrEmpty(line.Iccid) ? null : line.Iccid,
        null,
        null,
        line.Quantity,
        UnitOf(line),
        line.Amount);

    private static string KindLabel(ChargeKind kind) => kind switch
    {
        ChargeKind.RecurringCharge => "Recurring charge",
        ChargeKind.OneTimeCharge => "One-time charge",
        ChargeKind.UsageCharge => "Usage charge",
        ChargeKind.VolumeTrueUp => "Volume true-up",
        ChargeKind.LateUsage => "Late usage",
        _ => kind.ToString(),
    };

    private static string UnitOf(InvoiceLine line)
    {
        // Usage lines say "<name>, <n> records, <quantity> <unit> billable"; the unit is not stored on its own.
        if (UsageUnit().Match(line.Description) is { Success: true } match)
        {
            return match.Groups[1].Value;
        }

        return line.Kind switch
        {
            ChargeKind.RecurringCharge => "days",
            ChargeKind.OneTimeCharge => "event",
            _ => string.Empty,
        };
    }

    private static DateOnly LocalDate(DateTimeOffset at, string timeZone)
    {
        var date = Instant.FromDateTimeOffset(at).InZone(BillingPeriod.Zone(timeZone)).Date;
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    private static InvoiceBillingPeriod PeriodOf(IssuedInvoice invoice, string timeZone)
    {
        try
        {
            var period = BillingPeriod.Parse(invoice.Period, timeZone);
            var last = period.End.PlusDays(-1);
            return new InvoiceBillingPeriod(new DateOnly(period.Start.Year, period.Start.Month, period.Start.Day), new DateOnly(last.Year, last.Month, last.Day), invoice.Period);
        }
        catch (DomainException)
        {
            // A period of another billing cycle is keyed by its start date; its end is not in the invoice record.
            var start = DateOnly.TryParseExact(invoice.Period, "yyyy-MM-dd", out var parsed) ? parsed : LocalDate(invoice.IssuedAt, timeZone);
            var issued = LocalDate(invoice.IssuedAt, timeZone);
            return new InvoiceBillingPeriod(start, issued > start ? issued.AddDays(-1) : start, invoice.Period);
        }
    }

    private InvoiceSeller Seller()
    {
        var name = configuration["NMcs:Operator:Name"];
        var address = configuration["NMcs:Operator:Address"] ?? string.Empty;
        return new InvoiceSeller(
            string.IsNullOrWhiteSpace(name) ? DefaultOperatorName : name.Trim(),
            address.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private async Task<(AccountInfo? Account, string PayerName)> PayerAsync(string accountId)
    {
        var account = await grains.GetGrain<IAccountGrain>(accountId).GetInfo();
        var customer = account is null ? null : await grains.GetGrain<ICustomerGrain>(account.CustomerId).GetInfo();
        return (account, customer?.Name ?? accountId);
    }

    [GeneratedRegex(@", [0-9.]+ (\S+) billable")]
    private static partial Regex UsageUnit();
}
