namespace NMcs.Storage.Resources;

/// <summary>Which audit rows to list; every criterion given must hold (null means any).</summary>
/// <param name="EntityType">Only rows about this kind of entity.</param>
/// <param name="EntityId">Only rows about this entity key.</param>
/// <param name="Actor">Only rows written for this actor.</param>
/// <param name="From">Only rows at or after this instant.</param>
/// <param name="To">Only rows before this instant (exclusive).</param>
public sealed record AuditQuery(string? EntityType = null, string? EntityId = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
