using System.Numerics;

namespace NMcs.Storage.Resources;

/// <summary>A fixed-IP pool: one IPv4 or IPv6 CIDR block.</summary>
/// <param name="Name">Pool name, unique.</param>
/// <param name="Cidr">The block in canonical form, e.g. <c>10.20.0.0/24</c> or <c>2001:db8:1::/64</c>.</param>
/// <param name="Family">4 or 6.</param>
/// <param name="FirstAddress">The lowest address handed out (the network address is excluded for IPv4 up to /30).</param>
/// <param name="LastAddress">The highest address handed out (the broadcast address is excluded for IPv4 up to /30).</param>
/// <param name="Size">How many addresses can be handed out; up to 2^128.</param>
/// <param name="Apn">The APN the pool serves, or null.</param>
/// <param name="CustomerId">The customer the pool is dedicated to, or null.</param>
/// <param name="CreatedAt">When it was created (platform time).</param>
public sealed record IpPool(string Name, string Cidr, int Family, string FirstAddress, string LastAddress, BigInteger Size, string? Apn, string? CustomerId, DateTimeOffset CreatedAt);
