using GraphQL.Types;
using NMcs.Rating.Thresholds;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ThresholdKind</c>: ALLOWANCE_USAGE, CREDIT_LIMIT, SIM_CHARGE_LIMIT.</summary>
public sealed class ThresholdKindGraphType : EnumerationGraphType<ThresholdKind>
{
    /// <summary>Names the enum.</summary>
    public ThresholdKindGraphType()
    {
        Name = "ThresholdKind";
    }
}
