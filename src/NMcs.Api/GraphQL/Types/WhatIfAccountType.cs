using GraphQL.Types;
using NMcs.Grains;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>WhatIfAccount</c>.</summary>
public sealed class WhatIfAccountType : ObjectGraphType<WhatIfAccount>
{
    /// <summary>Declares the fields.</summary>
    public WhatIfAccountType()
    {
        Name = "WhatIfAccount";
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<IdGraphType>("customerId").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<IntGraphType>>("records").Resolve(c => c.Source.Records);
        Field<NonNullGraphType<IntGraphType>>("unratedRecords").Resolve(c => c.Source.UnratedRecords);
        Field<NonNullGraphType<DecimalGraphType>>("actualAmount").Resolve(c => c.Source.ActualAmount);
        Field<NonNullGraphType<DecimalGraphType>>("candidateAmount").Resolve(c => c.Source.CandidateAmount);
        Field<NonNullGraphType<DecimalGraphType>>("difference").Resolve(c => c.Source.Difference);
    }
}
