namespace NMcs.Storage.Resources;

/// <summary>A named pool of MSISDNs.</summary>
/// <param name="Name">Pool name, unique.</param>
/// <param name="CustomerId">The customer the pool is dedicated to, or null for a shared pool.</param>
/// <param name="CreatedAt">When the pool was created (platform time).</param>
public sealed record MsisdnPool(string Name, string? CustomerId, DateTimeOffset CreatedAt);
