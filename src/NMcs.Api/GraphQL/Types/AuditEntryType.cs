using GraphQL.Types;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>AuditEntry</c>.</summary>
public sealed class AuditEntryType : ObjectGraphType<AuditEntry>
{
    /// <summary>Declares the fields.</summary>
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "One row of the append-only audit trail: who changed what and when.";
        Field<NonNullGraphType<LongGraphType>>("id").Description("Position in the trail; pass the last id seen as after to page on.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("Platform time of the change.").Resolve(c => c.Source.At);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("The X-NMcs-Actor header of the request (anonymous when absent), or system for automatic changes such as lapsed reservations.").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<StringGraphType>>("action").Description("e.g. msisdn.reserve, ip.release, sim.register.").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<StringGraphType>>("entityType").Description("e.g. msisdn, msisdn_pool, apn, ip, ip_pool, sim.").Resolve(c => c.Source.EntityType);
        Field<NonNullGraphType<StringGraphType>>("entityId").Resolve(c => c.Source.EntityId);
        Field<StringGraphType>("detail").Description("JSON object with the change's details.").Resolve(c => c.Source.Detail);
    }
}
