using GraphQL.Types;
using NMcs.Api.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>MsisdnRangeAdded</c>.</summary>
public sealed class ResourceMsisdnRangeType : ObjectGraphType<MsisdnRangeAdded>
{
    /// <summary>Declares the fields.</summary>
    public ResourceMsisdnRangeType()
    {
        Name = "MsisdnRangeAdded";
        Description = "The answer to addMsisdnRange: how many numbers were new (numbers already in the pool are skipped) and the pool.";
        Field<NonNullGraphType<IntGraphType>>("added").Resolve(c => c.Source.Added);
        Field<NonNullGraphType<ResourceMsisdnPoolType>>("pool").Resolve(c => c.Source.Pool);
    }
}
