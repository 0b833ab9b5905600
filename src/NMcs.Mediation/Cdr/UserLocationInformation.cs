using System.Buffers.Binary;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// The userLocationInformation octet string of PGW/SGW-CDRs: the content of the GTPv2 User Location Information IE
/// (TS 29.274 8.21) from its flags octet on. The flags announce, in this order: CGI (0x01, 7 octets), SAI (0x02, 7),
/// RAI (0x04, 7), TAI (0x08, 5), ECGI (0x10, 7), LAI (0x20, 5), macro eNodeB id (0x40, 6) and extended macro eNodeB id
/// (0x80, 6). Each starts with a 3-octet PLMN-Id.
/// </summary>
public sealed record UserLocationInformation
{
    private const byte CgiFlag = 0x01;
    private const byte SaiFlag = 0x02;
    private const byte RaiFlag = 0x04;
    private const byte TaiFlag = 0x08;
    private const byte EcgiFlag = 0x10;
    private const byte LaiFlag = 0x20;
    private const byte MacroENodeBFlag = 0x40;
    private const byte ExtendedMacroENodeBFlag = 0x80;

    /// <summary>Tracking area (LTE access), when present.</summary>
    public TrackingAreaIdentity? TrackingArea { get; init; }

    /// <summary>E-UTRAN cell (LTE access), when present.</summary>
    public EutranCellGlobalId? EutranCell { get; init; }

    /// <summary>
    /// The location area of a 2G/3G location: from the first of CGI, SAI, RAI or LAI present. Encoded back as LAI.
    /// </summary>
    public LocationAreaIdentity? LocationArea { get; init; }

    /// <summary>The network the user is in: TAI's PLMN, else ECGI's, else the 2G/3G location area's.</summary>
    public PlmnId? Plmn => TrackingArea?.Plmn ?? EutranCell?.Plmn ?? LocationArea?.Plmn;

    internal static UserLocationInformation Decode(ReadOnlySpan<byte> octets, FieldPath field)
    {
        if (octets.IsEmpty)
        {
            throw new CdrDecodeException(field.ToString(), "empty; the first octet must hold the location type flags");
        }

        var flags = octets[0];
        var needed = 1;
        for (var bit = 0; bit < 8; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                needed += FieldLength(1 << bit);
            }
        }

        if (octets.Length < needed)
        {
            throw new CdrDecodeException(
                field.ToString(),
                $"flags 0x{flags:X2} announce {needed - 1} octets of location but {octets.Length - 1} follow the flags");
        }

        TrackingAreaIdentity? tai = null;
        EutranCellGlobalId? ecgi = null;
        LocationAreaIdentity? lai = null;
        var position = 1;
        for (var bit = 0; bit < 8; bit++)
        {
            var flag = 1 << bit;
            if ((flags & flag) == 0)
            {
                continue;
            }

            var part = octets.Slice(position, FieldLength(flag));
            position += part.Length;
            switch (flag)
            {
                case CgiFlag or SaiFlag or RaiFlag or LaiFlag when lai is null:
                    lai = new LocationAreaIdentity(PlmnId.Decode(part[..3], field), BinaryPrimitives.ReadUInt16BigEndian(part[3..]));
                    break;
                case TaiFlag:
                    tai = new TrackingAreaIdentity(PlmnId.Decode(part[..3], field), BinaryPrimitives.ReadUInt16BigEndian(part[3..]));
                    break;
                case EcgiFlag:
                    ecgi = new EutranCellGlobalId(PlmnId.Decode(part[..3], field), BinaryPrimitives.ReadUInt32BigEndian(part[3..]) & 0x0FFF_FFFF);
                    break;
                default:
                    // A later 2G/3G field or an eNodeB id: its PLMN must still be well formed.
                    PlmnId.Decode(part[..3], field);
                    break;
            }
        }

        return new UserLocationInformation { TrackingArea = tai, EutranCell = ecgi, LocationArea = lai };
    }

    internal byte[] Encode()
    {
        byte flags = 0;
        var length = 1;
        if (TrackingArea is not null)
        {
            flags |= TaiFlag;
            length += FieldLength(TaiFlag);
        }

        if (EutranCell is not null)
        {
            flags |= EcgiFlag;
            length += FieldLength(EcgiFlag);
        }

        if (LocationArea is not null)
        {
            flags |= LaiFlag;
            length += FieldLength(LaiFlag);
        }

        var octets = new byte[length];
        octets[0] = flags;
        var position = 1;
        if (TrackingArea is { } tai)
        {
            tai.Plmn.Encode(octets.AsSpan(position));
            BinaryPrimitives.WriteUInt16BigEndian(octets.AsSpan(position + 3), tai.TrackingAreaCode);
            position += FieldLength(TaiFlag);
        }

        if (EutranCell is { } ecgi)
        {
            ecgi.Plmn.Encode(octets.AsSpan(position));
            BinaryPrimitives.WriteUInt32BigEndian(octets.AsSpan(position + 3), ecgi.CellId & 0x0FFF_FFFF);
            position += FieldLength(EcgiFlag);
        }

        if (LocationArea is { } lai)
        {
            lai.Plmn.Encode(octets.AsSpan(position));
            BinaryPrimitives.WriteUInt16BigEndian(octets.AsSpan(position + 3), lai.LocationAreaCode);
        }

        return octets;
    }

    private static int FieldLength(int flag) => flag switch
    {
        CgiFlag or SaiFlag or RaiFlag or EcgiFlag => 7,
        TaiFlag or LaiFlag => 5,
        MacroENodeBFlag or ExtendedMacroENodeBFlag => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "not a single ULI flag"),
    };
}
