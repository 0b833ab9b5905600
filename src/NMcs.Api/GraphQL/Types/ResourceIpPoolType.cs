using GraphQL;
using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>IpPool</c>.</summary>
public sealed class ResourceIpPoolType : ObjectGraphType<IpPool>
{
    /// <summary>Declares the fields.</summary>
    public ResourceIpPoolType()
    {
        Name = "IpPool";
        Description = "A fixed-IP pool over one IPv4 or IPv6 CIDR block. IPv4 blocks up to /30 never hand out their network and broadcast addresses.";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("cidr").Resolve(c => c.Source.Cidr);
        Field<NonNullGraphType<IntGraphType>>("family").Description("4 or 6.").Resolve(c => c.Source.Family);
        Field<NonNullGraphType<StringGraphType>>("firstAddress").Resolve(c => c.Source.FirstAddress);
        Field<NonNullGraphType<StringGraphType>>("lastAddress").Resolve(c => c.Source.LastAddress);
        Field<StringGraphType>("apn").Resolve(c => c.Source.Apn);
        Field<IdGraphType>("customerId").Description("The customer the pool is dedicated to; null for a shared pool.").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<ResourcePoolUtilisationType>>("utilisation")
            .ResolveAsync(async c => (await c.Service<IpPoolStore>().UtilisationAsync(c.Source.Name, c.CancellationToken)).Single());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourceIpAllocationType>>>>("allocations")
            .Description("Addresses in use, in address order; page with first/after (the last address seen).")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c => await c.Service<IpPoolStore>().AllocationsAsync(c.Source.Name, Paging.First(c), c.GetArgument<string?>("after"), c.CancellationToken));
    }
}
