using GraphQL.Types;
using NMcs.Grains;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>WhatIfReport</c>.</summary>
public sealed class WhatIfReportType : ObjectGraphType<WhatIfReport>
{
    /// <summary>Declares the fields.</summary>
    public WhatIfReportType()
    {
        Name = "WhatIfReport";
        Description = "A cycle's usage of a product re-rated under a candidate product version and/or tariff rule; nothing is charged.";
        Field<NonNullGraphType<IdGraphType>>("productId").Resolve(c => c.Source.ProductId);
        Field<IntGraphType>("candidateVersion").Description("The candidate product version; null when each record kept the version it was rated with.").Resolve(c => c.Source.CandidateVersion);
        Field<StringGraphType>("candidateRule").Description("The candidate tariff rule, when one was given.").Resolve(c => c.Source.CandidateRule);
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<IntGraphType>>("records").Resolve(c => c.Source.Records);
        Field<NonNullGraphType<IntGraphType>>("unratedRecords").Description("Records the candidate cannot price.").Resolve(c => c.Source.UnratedRecords);
        Field<NonNullGraphType<DecimalGraphType>>("actualAmount").Resolve(c => c.Source.ActualAmount);
        Field<NonNullGraphType<DecimalGraphType>>("candidateAmount").Resolve(c => c.Source.CandidateAmount);
        Field<NonNullGraphType<DecimalGraphType>>("difference").Description("candidateAmount - actualAmount, unrounded.").Resolve(c => c.Source.Difference);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WhatIfAccountType>>>>("accounts").Resolve(c => c.Source.Accounts);
    }
}
