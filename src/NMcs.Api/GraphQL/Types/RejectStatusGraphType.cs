using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>RejectStatus</c>.</summary>
public sealed class RejectStatusGraphType : EnumerationGraphType<RejectStatus>
{
    /// <summary>Names the enum.</summary>
    public RejectStatusGraphType()
    {
        Name = "RejectStatus";
        Description = "OPEN: refused and not reprocessed since; REPROCESSED: reprocessed and accepted (rated, duplicate or suspended); STILL_REJECTED: reprocessed and refused again.";
    }
}
