namespace NMcs.Storage.Resources;

/// <summary>One MSISDN of a pool and who holds it.</summary>
/// <param name="Msisdn">The number, E.164 without '+'.</param>
/// <param name="Pool">The pool it belongs to.</param>
/// <param name="State">Free, reserved or assigned.</param>
/// <param name="Owner">Who reserved it (reserved), or who assigned it (assigned); null when free.</param>
/// <param name="Iccid">The SIM carrying it when assigned.</param>
/// <param name="ExpiresAt">When a reservation lapses; null for no expiry.</param>
/// <param name="ChangedAt">When its state last changed.</param>
public sealed record MsisdnNumber(string Msisdn, string Pool, ResourceState State, string? Owner, string? Iccid, DateTimeOffset? ExpiresAt, DateTimeOffset ChangedAt);
