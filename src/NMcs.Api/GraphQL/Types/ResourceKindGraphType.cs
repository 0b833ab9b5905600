using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ResourceKind</c>: MSISDN_POOL, IP_POOL, APN.</summary>
public sealed class ResourceKindGraphType : EnumerationGraphType<ResourceKind>
{
    /// <summary>Names the enum.</summary>
    public ResourceKindGraphType()
    {
        Name = "ResourceKind";
    }
}
