using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>Input <c>AdjustmentLineInput</c>: one line of a credit note or debit adjustment.</summary>
public sealed class AdjustmentLineInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public AdjustmentLineInputType()
    {
        Name = "AdjustmentLineInput";
        Field<NonNullGraphType<StringGraphType>>("description");
        Field<NonNullGraphType<DecimalGraphType>>("amount").Description("Positive, in the invoice currency, at most its minor unit.");
        Field<IntGraphType>("invoiceLineNumber").Description("The invoice line this corrects; revenue per product follows it.");
    }
}
