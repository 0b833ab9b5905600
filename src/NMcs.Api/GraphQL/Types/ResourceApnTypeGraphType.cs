using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ApnType</c>: PUBLIC, PRIVATE.</summary>
public sealed class ResourceApnTypeGraphType : EnumerationGraphType<ApnType>
{
    /// <summary>Names the enum.</summary>
    public ResourceApnTypeGraphType()
    {
        Name = "ApnType";
    }
}
