using GraphQL.Types;
using NMcs.Api.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>SimImportOutcome</c>: ACCEPTED, UNCHANGED, REFUSED.</summary>
public sealed class ResourceSimImportOutcomeGraphType : EnumerationGraphType<SimImportOutcome>
{
    /// <summary>Names the enum.</summary>
    public ResourceSimImportOutcomeGraphType()
    {
        Name = "SimImportOutcome";
    }
}
