using System.Net;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// The header of a TS 32.297 CDR file (clause 6.1.1). When writing, the lengths and the CDR count are computed and
/// the values given here are ignored.
/// </summary>
public sealed record CdrFileHeader
{
    /// <summary>File length in octets, header included.</summary>
    public uint FileLength { get; init; }

    /// <summary>Header length in octets; the first CDR starts here.</summary>
    public uint HeaderLength { get; init; }

    /// <summary>Highest 3GPP release of the CDRs in the file (R99 as 99).</summary>
    public int HighRelease { get; init; } = 15;

    /// <summary>Highest version within <see cref="HighRelease"/>.</summary>
    public int HighVersion { get; init; } = 5;

    /// <summary>Lowest 3GPP release of the CDRs in the file (R99 as 99).</summary>
    public int LowRelease { get; init; } = 15;

    /// <summary>Lowest version within <see cref="LowRelease"/>.</summary>
    public int LowVersion { get; init; } = 5;

    /// <summary>When the file was opened.</summary>
    public CdrFileTimestamp FileOpeningTimestamp { get; init; }

    /// <summary>When the last CDR was appended.</summary>
    public CdrFileTimestamp LastCdrAppendedTimestamp { get; init; }

    /// <summary>Number of CDRs in the file.</summary>
    public uint NumberOfCdrs { get; init; }

    /// <summary>File sequence number of the writing node.</summary>
    public uint FileSequenceNumber { get; init; }

    /// <summary>File closure trigger reason: 0 normal, 1 size limit, 2 time limit, 3 CDR count limit, 4 manual, 5 release or
    /// encoding change, 128-131 abnormal closures.</summary>
    public byte ClosureTriggerReason { get; init; }

    /// <summary>IP address of the node that generated the file.</summary>
    public IPAddress NodeAddress { get; init; } = IPAddress.IPv6None;

    /// <summary>Lost CDR indicator, as sent.</summary>
    public byte LostCdrIndicator { get; init; }

    /// <summary>CDR routeing filter, vendor-specific.</summary>
    public ReadOnlyMemory<byte> RouteingFilter { get; init; }

    /// <summary>Private extension, vendor-specific.</summary>
    public ReadOnlyMemory<byte> PrivateExtension { get; init; }
}
