using GraphQL.Types;
using NMcs.Catalog;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ServiceType</c>.</summary>
public sealed class ServiceTypeGraphType : EnumerationGraphType<ServiceType>
{
    /// <summary>Names the enum.</summary>
    public ServiceTypeGraphType()
    {
        Name = "ServiceType";
    }
}
