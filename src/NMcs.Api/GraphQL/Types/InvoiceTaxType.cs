using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>InvoiceTax</c>.</summary>
public sealed class InvoiceTaxType : ObjectGraphType<InvoiceTaxInfo>
{
    /// <summary>Declares the fields.</summary>
    public InvoiceTaxType()
    {
        Name = "InvoiceTax";
        Description = "Tax of one rate: computed per line on the rounded line amounts, summed per rate, rounded half-up once.";
        Field<NonNullGraphType<StringGraphType>>("category").Resolve(c => c.Source.Category);
        Field<NonNullGraphType<DecimalGraphType>>("rate").Description("Percent.").Resolve(c => c.Source.Rate);
        Field<NonNullGraphType<StringGraphType>>("treatment").Description("exclusive or inclusive.").Resolve(c => c.Source.Treatment);
        Field<NonNullGraphType<DecimalGraphType>>("taxableAmount").Resolve(c => c.Source.TaxableAmount);
        Field<NonNullGraphType<DecimalGraphType>>("unroundedTax").Resolve(c => c.Source.UnroundedTax);
        Field<NonNullGraphType<DecimalGraphType>>("tax").Resolve(c => c.Source.Tax);
    }
}
