using GraphQL.Types;
using NMcs.Grains.Receivables;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>RevenueGrouping</c>: CUSTOMER, PRODUCT, PERIOD.</summary>
public sealed class RevenueGroupingGraphType : EnumerationGraphType<RevenueGrouping>
{
    /// <summary>Names the enum.</summary>
    public RevenueGroupingGraphType()
    {
        Name = "RevenueGrouping";
    }
}
