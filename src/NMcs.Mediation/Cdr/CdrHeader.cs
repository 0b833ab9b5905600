namespace NMcs.Mediation.Cdr;

/// <summary>
/// The header in front of each CDR of a TS 32.297 file: CDR length (2 octets, excluding this header), release (3 bits)
/// and version (5 bits) identifier, data record format (3 bits) and TS number (5 bits), then a release extension
/// octet when the release identifier is 7 (Rel-10 or later).
/// </summary>
public sealed record CdrHeader
{
    /// <summary>TS number identifier of TS 32.251, the specification that defines PGW-CDRs and SGW-CDRs.</summary>
    public const int Ts32251 = 7;

    /// <summary>Defaults for PGW/SGW-CDRs encoded after TS 32.298 V15.5.1: Release 15, version 5, BER, TS 32.251.</summary>
    public static CdrHeader Default { get; } = new();

    /// <summary>Length of the CDR in octets, excluding this header.</summary>
    public int Length { get; init; }

    /// <summary>3GPP release of the CDR's encoding (R99 as 99).</summary>
    public int Release { get; init; } = 15;

    /// <summary>Version within the release (5 bits).</summary>
    public int Version { get; init; } = 5;

    /// <summary>How the CDR body is encoded.</summary>
    public CdrDataRecordFormat DataRecordFormat { get; init; } = CdrDataRecordFormat.Ber;

    /// <summary>TS number identifier (5 bits): 7 = TS 32.251.</summary>
    public int TsNumber { get; init; } = Ts32251;
}
