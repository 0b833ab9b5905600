using GraphQL.Types;
using NMcs.Grains.Receivables;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>InvoiceAdjustment</c>: a credit note or debit adjustment.</summary>
public sealed class InvoiceAdjustmentType : ObjectGraphType<InvoiceAdjustment>
{
    /// <summary>Declares the fields.</summary>
    public InvoiceAdjustmentType()
    {
        Name = "InvoiceAdjustment";
        Description = "A credit note (CN-…) or debit adjustment (DN-…): an immutable correction that references an issued invoice.";
        Field<NonNullGraphType<StringGraphType>>("number").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<InvoiceAdjustmentKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("invoiceNumber").Resolve(c => c.Source.InvoiceNumber);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Description("Sum of the lines.").Resolve(c => c.Source.Amount);
        Field<NonNullGraphType<StringGraphType>>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("issuedAt").Resolve(c => c.Source.IssuedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceAdjustmentLineType>>>>("lines").Resolve(c => c.Source.Lines);
        Field<ReceivableType>("receivable")
            .Description("The corrected invoice's standing now.")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().FindAsync(c.Source.InvoiceNumber, c.CancellationToken));
    }
}

/// <summary>GraphQL type <c>InvoiceAdjustmentLine</c>.</summary>
public sealed class InvoiceAdjustmentLineType : ObjectGraphType<InvoiceAdjustmentLine>
{
    /// <summary>Declares the fields.</summary>
    public InvoiceAdjustmentLineType()
    {
        Name = "InvoiceAdjustmentLine";
        Field<NonNullGraphType<IntGraphType>>("lineNumber").Resolve(c => c.Source.LineNumber);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(c => c.Source.Amount);
        Field<IntGraphType>("invoiceLineNumber").Description("The invoice line corrected, when one was named.").Resolve(c => c.Source.InvoiceLineNumber);
    }
}
