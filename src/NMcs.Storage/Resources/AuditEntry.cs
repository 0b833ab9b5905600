namespace NMcs.Storage.Resources;

/// <summary>One row of the audit trail: who changed what and when.</summary>
/// <param name="Id">Position in the trail; ids grow in the order rows were committed within one database.</param>
/// <param name="At">Platform time of the change.</param>
/// <param name="Actor">Who made the change (the <c>X-NMcs-Actor</c> header of the request, or a system name).</param>
/// <param name="Action">What was done, e.g. <c>msisdn.reserve</c>.</param>
/// <param name="EntityType">Kind of the changed thing, e.g. <c>msisdn</c>, <c>ip_pool</c>, <c>sim</c>.</param>
/// <param name="EntityId">Key of the changed thing.</param>
/// <param name="Detail">Free text or a JSON object with the change's details; null when there is nothing more to say.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, string? Detail);
