using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>RealTimeCharges</c>.</summary>
public sealed class RealTimeChargesType : ObjectGraphType<RealTimeCharges>
{
    /// <summary>Declares the fields.</summary>
    public RealTimeChargesType()
    {
        Name = "RealTimeCharges";
        Description = "Usage charges rated for an account and not yet invoiced.";
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<LongGraphType>>("ratedRecords").Resolve(c => c.Source.RatedRecords);
        Field<NonNullGraphType<DecimalGraphType>>("unbilledUsageAmount").Description("Sum of unrounded rated amounts.").Resolve(c => c.Source.UnbilledUsageAmount);
    }
}
