using GraphQL.Types;
using NMcs.Grains.Receivables;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>RevenueLine</c>.</summary>
public sealed class RevenueLineType : ObjectGraphType<RevenueLine>
{
    /// <summary>Declares the fields.</summary>
    public RevenueLineType()
    {
        Name = "RevenueLine";
        Description = "Revenue of one customer, product or month in one currency: invoice line amounts (before exclusive tax) net of credit notes and debit adjustments.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("Customer id, product id (UNALLOCATED when no product can be named) or YYYY-MM.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<IntGraphType>>("invoices").Description("Invoices contributing lines.").Resolve(c => c.Source.Invoices);
        Field<NonNullGraphType<DecimalGraphType>>("invoiced").Resolve(c => c.Source.Invoiced);
        Field<NonNullGraphType<DecimalGraphType>>("credited").Resolve(c => c.Source.Credited);
        Field<NonNullGraphType<DecimalGraphType>>("debited").Resolve(c => c.Source.Debited);
        Field<NonNullGraphType<DecimalGraphType>>("net").Description("invoiced - credited + debited.").Resolve(c => c.Source.Net);
    }
}
