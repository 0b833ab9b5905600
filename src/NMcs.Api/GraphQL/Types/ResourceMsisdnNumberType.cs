using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>MsisdnNumber</c>.</summary>
public sealed class ResourceMsisdnNumberType : ObjectGraphType<MsisdnNumber>
{
    /// <summary>Declares the fields.</summary>
    public ResourceMsisdnNumberType()
    {
        Name = "MsisdnNumber";
        Description = "An MSISDN of a pool and who holds it.";
        Field<NonNullGraphType<StringGraphType>>("msisdn").Resolve(c => c.Source.Msisdn);
        Field<NonNullGraphType<StringGraphType>>("pool").Resolve(c => c.Source.Pool);
        Field<NonNullGraphType<ResourceStateGraphType>>("state").Resolve(c => c.Source.State);
        Field<StringGraphType>("owner").Description("Who reserved (or assigned) it.").Resolve(c => c.Source.Owner);
        Field<StringGraphType>("iccid").Description("The SIM carrying it when ASSIGNED.").Resolve(c => c.Source.Iccid);
        Field<DateTimeOffsetGraphType>("expiresAt").Description("When the reservation lapses; null for none.").Resolve(c => c.Source.ExpiresAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("changedAt").Resolve(c => c.Source.ChangedAt);
    }
}
