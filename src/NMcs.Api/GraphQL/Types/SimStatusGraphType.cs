using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>SimStatus</c>.</summary>
public sealed class SimStatusGraphType : EnumerationGraphType<SimStatus>
{
    /// <summary>Names the enum.</summary>
    public SimStatusGraphType()
    {
        Name = "SimStatus";
    }
}
