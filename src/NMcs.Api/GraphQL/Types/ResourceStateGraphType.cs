using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ResourceState</c>: FREE, RESERVED, ASSIGNED.</summary>
public sealed class ResourceStateGraphType : EnumerationGraphType<ResourceState>
{
    /// <summary>Names the enum.</summary>
    public ResourceStateGraphType()
    {
        Name = "ResourceState";
    }
}
