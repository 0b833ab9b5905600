using GraphQL.Types;
using NMcs.Api.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>ResourceAssignment</c>.</summary>
public sealed class ResourceAssignmentType : ObjectGraphType<ResourceAssignment>
{
    /// <summary>Declares the fields.</summary>
    public ResourceAssignmentType()
    {
        Name = "ResourceAssignment";
        Description = "Which customers a pool or APN is dedicated to after assignPoolToCustomer: a pool has at most one (none: shared), an APN lists every customer allowed.";
        Field<NonNullGraphType<ResourceKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("customerIds").Resolve(c => c.Source.CustomerIds);
    }
}
