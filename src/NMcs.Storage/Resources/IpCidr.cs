using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace NMcs.Storage.Resources;

/// <summary>
/// An IPv4 or IPv6 CIDR block as 128-bit numbers (IPv4 in the low 32 bits). Addresses handed out run from
/// <see cref="First"/> to <see cref="Last"/>: for IPv4 up to /30 the network and broadcast addresses are excluded,
/// a /31 uses both addresses (RFC 3021) and a /32 its one address; IPv6 blocks use every address.
/// </summary>
public sealed record IpCidr(int Family, UInt128 Network, int PrefixLength)
{
    /// <summary>Bits in an address of this family.</summary>
    public int Bits => Family == 4 ? 32 : 128;

    /// <summary>The last address of the block (the IPv4 broadcast address).</summary>
    public UInt128 End => Network | HostMask;

    /// <summary>The lowest address handed out.</summary>
    public UInt128 First => Family == 4 && PrefixLength <= 30 ? Network + 1 : Network;

    /// <summary>The highest address handed out.</summary>
    public UInt128 Last => Family == 4 && PrefixLength <= 30 ? End - 1 : End;

    /// <summary>How many addresses can be handed out.</summary>
    public BigInteger Size => (BigInteger)Last - (BigInteger)First + 1;

    private UInt128 HostMask => Bits - PrefixLength == 128 ? UInt128.MaxValue : (UInt128.One << (Bits - PrefixLength)) - 1;

    /// <summary>
    /// Parses <c>address/prefix</c>. Refuses (naming <paramref name="field"/> and the fix) a missing or out-of-range
    /// prefix and an address with host bits set.
    /// </summary>
    public static IpCidr Parse(string? text, string field = "cidr")
    {
        var value = (text ?? string.Empty).Trim();
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(value.AsSpan(0, slash), out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || !int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            throw new DomainException("INVALID_CIDR", field, $"{field} '{text}' is not a CIDR block; write address/prefix, e.g. 10.20.0.0/24 or 2001:db8:1::/64.");
        }

        var family = address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;
        var bits = family == 4 ? 32 : 128;
        if (prefix < 1 || prefix > bits)
        {
            throw new DomainException("INVALID_CIDR", field, $"{field} '{text}' has prefix /{prefix}; an IPv{family} prefix must be between /1 and /{bits}.");
        }

        var number = ToNumber(address);
        var cidr = new IpCidr(family, number, prefix);
        if ((number & cidr.HostMask) != UInt128.Zero)
        {
            var network = number & ~cidr.HostMask;
            throw new DomainException("INVALID_CIDR", field, $"{field} '{text}' has host bits set; the block is {FromNumber(family, network)}/{prefix}.");
        }

        return cidr;
    }

    /// <summary>The address as a 128-bit number (IPv4 in the low 32 bits).</summary>
    public static UInt128 ToNumber(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        UInt128 number = UInt128.Zero;
        foreach (var b in bytes)
        {
            number = (number << 8) | b;
        }

        return number;
    }

    /// <summary>The canonical text of an address of <paramref name="family"/>.</summary>
    public static string FromNumber(int family, UInt128 number)
    {
        var length = family == 4 ? 4 : 16;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(number & 0xFF);
            number >>= 8;
        }

        return new IPAddress(bytes).ToString();
    }

    /// <summary>A fixed-width key whose text order is address order.</summary>
    public static string Key(UInt128 number) => number.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>The address of a <see cref="Key"/>.</summary>
    public static UInt128 FromKey(string key) => UInt128.Parse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>True when the two blocks share any address.</summary>
    public bool Overlaps(IpCidr other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Family == other.Family && Network <= other.End && other.Network <= End;
    }

    /// <summary>
    /// Parses an address to hand out from this block; refuses (naming <paramref name="field"/>) one of another
    /// family, outside the block, or the IPv4 network or broadcast address.
    /// </summary>
    public UInt128 ParseAddress(string? text, string field = "address")
    {
        if (!IPAddress.TryParse((text ?? string.Empty).Trim(), out var address)
            || address.AddressFamily != (Family == 4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6))
        {
            throw new DomainException("INVALID_ADDRESS", field, $"{field} '{text}' is not an IPv{Family} address; this pool is {this}.");
        }

        var number = ToNumber(address);
        if (number < Network || number > End)
        {
            throw new DomainException("ADDRESS_NOT_IN_POOL", field, $"{field} {address} is outside the pool's block {this}; pick an address inside it or omit it to take the next free one.");
        }

        if (number < First || number > Last)
        {
            var which = number == Network ? "network" : "broadcast";
            throw new DomainException("ADDRESS_NOT_USABLE", field, $"{field} {address} is the {which} address of {this} and is never handed out; use {FromNumber(Family, First)} to {FromNumber(Family, Last)}.");
        }

        return number;
    }

    /// <summary>The block in canonical form, e.g. <c>10.20.0.0/24</c>.</summary>
    public override string ToString() => FromNumber(Family, Network) + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);
}
