using GraphQL;
using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>MsisdnPool</c>.</summary>
public sealed class ResourceMsisdnPoolType : ObjectGraphType<MsisdnPool>
{
    /// <summary>Declares the fields.</summary>
    public ResourceMsisdnPoolType()
    {
        Name = "MsisdnPool";
        Description = "A named pool of MSISDNs, shared or dedicated to one customer.";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<IdGraphType>("customerId").Description("The customer the pool is dedicated to; null for a shared pool.").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<ResourcePoolUtilisationType>>("utilisation")
            .ResolveAsync(async c => (await c.Service<MsisdnPoolStore>().UtilisationAsync(c.Source.Name, c.CancellationToken)).Single());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourceMsisdnNumberType>>>>("numbers")
            .Description("The pool's numbers in order, optionally only those in one state; page with first/after (the last msisdn seen).")
            .Argument<ResourceStateGraphType>("state")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c => await c.Service<MsisdnPoolStore>().NumbersAsync(c.Source.Name, c.GetArgument<ResourceState?>("state"), Paging.First(c), c.GetArgument<string?>("after"), c.CancellationToken));
    }
}
