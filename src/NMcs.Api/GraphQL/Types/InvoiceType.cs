using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Invoice</c>.</summary>
public sealed class InvoiceType : ObjectGraphType<InvoiceInfo>
{
    /// <summary>Declares the fields.</summary>
    public InvoiceType()
    {
        Name = "Invoice";
        Description = "An issued, immutable invoice (TM Forum CustomerBill); number is null on a preview.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<StringGraphType>("number").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceLineType>>>>("lines").Resolve(c => c.Source.Lines);
        Field<NonNullGraphType<DecimalGraphType>>("subtotal").Resolve(c => c.Source.Subtotal);
        Field<NonNullGraphType<DecimalGraphType>>("total").Description("Subtotal plus exclusive taxes.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<DecimalGraphType>>("taxTotal").Description("All tax on the invoice, exclusive and inclusive.").Resolve(c => c.Source.TaxTotal);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceTaxType>>>>("taxes").Resolve(c => c.Source.Taxes ?? []);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("issuedAt").Resolve(c => c.Source.IssuedAt);
        Field<ReceivableStatusGraphType>("status").Description("Receivable status; null on a preview.").ResolveAsync(async c => (await ReceivableFields.LoadAsync(c))?.Status);
        Field<StringGraphType>("dueDate").Description("YYYY-MM-DD in the payer's time zone; null on a preview.").ResolveAsync(async c => await ReceivableFields.LoadAsync(c) is { } r ? ReceivableFields.Date(r.DueDate) : null);
        Field<DecimalGraphType>("paid").Description("Sum of payments; null on a preview.").ResolveAsync(async c => (await ReceivableFields.LoadAsync(c))?.Paid);
        Field<DecimalGraphType>("credited").Description("Sum of credit notes; null on a preview.").ResolveAsync(async c => (await ReceivableFields.LoadAsync(c))?.Credited);
        Field<DecimalGraphType>("debited").Description("Sum of debit adjustments; null on a preview.").ResolveAsync(async c => (await ReceivableFields.LoadAsync(c))?.Debited);
        Field<DecimalGraphType>("openAmount").Description("total - credited + debited - paid; null on a preview.").ResolveAsync(async c => (await ReceivableFields.LoadAsync(c))?.OpenAmount);
    }

    /// <summary>Maps a stored invoice to the contract shape.</summary>
    public static InvoiceInfo From(IssuedInvoice invoice) => NMcs.Grains.InvoiceMapping.ToInfo(invoice);
}
