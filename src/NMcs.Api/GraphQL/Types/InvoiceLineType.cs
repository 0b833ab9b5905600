using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>InvoiceLine</c>.</summary>
public sealed class InvoiceLineType : ObjectGraphType<InvoiceLineInfo>
{
    /// <summary>Declares the fields.</summary>
    public InvoiceLineType()
    {
        Name = "InvoiceLine";
        Field<NonNullGraphType<IntGraphType>>("lineNumber").Resolve(c => c.Source.LineNumber);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("RecurringCharge, OneTimeCharge, UsageCharge, LateUsage, VolumeTrueUp, Discount, Cap or Commitment.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<StringGraphType>>("iccid").Description("The SIM; empty for an account-level line (e.g. an account-wide volume true-up).").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<IdGraphType>>("accountId").Description("The account (invoice section) of the line: the payer's own or a child account's.").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<DecimalGraphType>>("quantity").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<DecimalGraphType>>("unroundedAmount").Resolve(c => c.Source.UnroundedAmount);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Description("Rounded half-up at the currency's minor unit.").Resolve(c => c.Source.Amount);
    }
}
