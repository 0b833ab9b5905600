using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Apn</c>.</summary>
public sealed class ResourceApnType : ObjectGraphType<Apn>
{
    /// <summary>Declares the fields.</summary>
    public ResourceApnType()
    {
        Name = "Apn";
        Description = "An access point name (network identifier per 3GPP TS 23.003 §9.1, lower case).";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<ResourceApnTypeGraphType>>("type").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("customerIds").Description("Customers allowed on the APN.").Resolve(c => c.Source.Customers);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}
