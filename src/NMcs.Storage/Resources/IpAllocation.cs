namespace NMcs.Storage.Resources;

/// <summary>An address of a fixed-IP pool in use.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="Address">The address in canonical text form.</param>
/// <param name="State">Reserved or assigned.</param>
/// <param name="Owner">Who holds it.</param>
/// <param name="Iccid">The SIM it is assigned to, if any.</param>
/// <param name="ExpiresAt">When a reservation lapses; null for no expiry.</param>
/// <param name="ChangedAt">When it was allocated.</param>
public sealed record IpAllocation(string Pool, string Address, ResourceState State, string? Owner, string? Iccid, DateTimeOffset? ExpiresAt, DateTimeOffset ChangedAt);
