using GraphQL.Types;
using NMcs.Billing.Receivables;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Receivable</c>: an issued invoice's standing with the payer.</summary>
public sealed class ReceivableType : ObjectGraphType<InvoiceReceivable>
{
    /// <summary>Declares the fields.</summary>
    public ReceivableType()
    {
        Name = "Receivable";
        Description = "An issued invoice as a receivable. openAmount = total - credited + debited - paid (negative: a refund is owed).";
        Field<NonNullGraphType<StringGraphType>>("invoiceNumber").Resolve(c => c.Source.InvoiceNumber);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<DecimalGraphType>>("total").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<ReceivableStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("issuedAt").Resolve(c => c.Source.IssuedAt);
        Field<NonNullGraphType<StringGraphType>>("dueDate")
            .Description("YYYY-MM-DD in the payer's time zone: the issue date plus NMcs:Billing:PaymentTermsDays. Overdue from the next local midnight.")
            .Resolve(c => ReceivableFields.Date(c.Source.DueDate));
        Field<NonNullGraphType<DecimalGraphType>>("paid").Description("Sum of payments.").Resolve(c => c.Source.Paid);
        Field<NonNullGraphType<DecimalGraphType>>("credited").Description("Sum of credit notes.").Resolve(c => c.Source.Credited);
        Field<NonNullGraphType<DecimalGraphType>>("debited").Description("Sum of debit adjustments.").Resolve(c => c.Source.Debited);
        Field<NonNullGraphType<DecimalGraphType>>("openAmount").Resolve(c => c.Source.OpenAmount);
        Field<NonNullGraphType<DecimalGraphType>>("creditable").Description("What credit notes may still take back: total + debited - credited.").Resolve(c => c.Source.Creditable);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PaymentType>>>>("payments")
            .ResolveAsync(async c => await c.Service<ReceivablesStore>().PaymentsOfInvoiceAsync(c.Source.InvoiceNumber, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceAdjustmentType>>>>("adjustments")
            .Description("Credit notes and debit adjustments of the invoice.")
            .ResolveAsync(async c => await c.Service<ReceivablesStore>().AdjustmentsOfInvoiceAsync(c.Source.InvoiceNumber, c.CancellationToken));
    }
}
