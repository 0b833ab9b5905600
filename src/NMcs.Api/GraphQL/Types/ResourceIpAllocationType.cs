using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>IpAllocation</c>.</summary>
public sealed class ResourceIpAllocationType : ObjectGraphType<IpAllocation>
{
    /// <summary>Declares the fields.</summary>
    public ResourceIpAllocationType()
    {
        Name = "IpAllocation";
        Description = "An address of a fixed-IP pool and who holds it (state FREE after releaseIp).";
        Field<NonNullGraphType<StringGraphType>>("pool").Resolve(c => c.Source.Pool);
        Field<NonNullGraphType<StringGraphType>>("address").Resolve(c => c.Source.Address);
        Field<NonNullGraphType<ResourceStateGraphType>>("state").Resolve(c => c.Source.State);
        Field<StringGraphType>("owner").Resolve(c => c.Source.Owner);
        Field<StringGraphType>("iccid").Description("The SIM it is assigned to.").Resolve(c => c.Source.Iccid);
        Field<DateTimeOffsetGraphType>("expiresAt").Description("When the reservation lapses; null for none.").Resolve(c => c.Source.ExpiresAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("changedAt").Resolve(c => c.Source.ChangedAt);
    }
}
