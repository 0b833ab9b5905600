using System.Buffers.Binary;
using System.Net.Sockets;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// Writes a TS 32.297 CDR file: the file header (Rel-10+ layout with private extension and release extensions) and
/// each CDR behind its CDR header. File length, header length and CDR count are computed.
/// </summary>
public static class CdrFileWriter
{
    /// <summary>Writes encoded CDRs, each behind a copy of <paramref name="cdrHeader"/> with its length filled in.</summary>
    public static byte[] Write(CdrFileHeader header, IReadOnlyList<ReadOnlyMemory<byte>> records, CdrHeader? cdrHeader = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        cdrHeader ??= CdrHeader.Default;
        var (high, highExtension) = ThreeGppRelease.ToIdentifier(header.HighRelease);
        var (low, lowExtension) = ThreeGppRelease.ToIdentifier(header.LowRelease);
        var (release, releaseExtension) = ThreeGppRelease.ToIdentifier(cdrHeader.Release);
        var headerLength = CdrFileReader.FixedHeaderOctets + header.RouteingFilter.Length + 2 + header.PrivateExtension.Length
            + (highExtension is null ? 0 : 1) + (lowExtension is null ? 0 : 1);
        var cdrHeaderLength = releaseExtension is null ? 4 : 5;
        long fileLength = headerLength;
        foreach (var record in records)
        {
            if (record.Length > GatewayCdrDecoder.MaxRecordOctets)
            {
                throw new ArgumentException($"a CDR of {record.Length} octets does not fit the 16-bit CDR length", nameof(records));
            }

            fileLength += cdrHeaderLength + record.Length;
        }

        if (fileLength > int.MaxValue)
        {
            throw new ArgumentException("the CDRs do not fit in one file", nameof(records));
        }

        var file = new byte[fileLength];
        var span = file.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)fileLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headerLength);
        span[8] = (byte)((high << 5) | (header.HighVersion & 0x1F));
        span[9] = (byte)((low << 5) | (header.LowVersion & 0x1F));
        BinaryPrimitives.WriteUInt32BigEndian(span[10..], header.FileOpeningTimestamp.Pack());
        BinaryPrimitives.WriteUInt32BigEndian(span[14..], header.LastCdrAppendedTimestamp.Pack());
        BinaryPrimitives.WriteUInt32BigEndian(span[18..], (uint)records.Count);
        BinaryPrimitives.WriteUInt32BigEndian(span[22..], header.FileSequenceNumber);
        span[26] = header.ClosureTriggerReason;
        WriteNodeAddress(header, span.Slice(27, 20));
        span[47] = header.LostCdrIndicator;
        var position = 48;
        position = WriteVariable(span, position, header.RouteingFilter.Span);
        position = WriteVariable(span, position, header.PrivateExtension.Span);
        if (highExtension is { } highExt)
        {
            span[position++] = (byte)highExt;
        }

        if (lowExtension is { } lowExt)
        {
            span[position++] = (byte)lowExt;
        }

        foreach (var record in records)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[position..], (ushort)record.Length);
            span[position + 2] = (byte)((release << 5) | (cdrHeader.Version & 0x1F));
            span[position + 3] = (byte)(((int)cdrHeader.DataRecordFormat << 5) | (cdrHeader.TsNumber & 0x1F));
            position += 4;
            if (releaseExtension is { } ext)
            {
                span[position++] = (byte)ext;
            }

            record.Span.CopyTo(span[position..]);
            position += record.Length;
        }

        return file;
    }

    /// <summary>Encodes each record (<see cref="GatewayCdrEncoder"/>) and writes them as one file.</summary>
    public static byte[] Write(CdrFileHeader header, IEnumerable<GatewayCdr> cdrs, CdrHeader? cdrHeader = null)
    {
        ArgumentNullException.ThrowIfNull(cdrs);
        return Write(header, [.. cdrs.Select(cdr => (ReadOnlyMemory<byte>)GatewayCdrEncoder.Encode(cdr))], cdrHeader);
    }

    private static int WriteVariable(Span<byte> file, int position, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(file[position..], (ushort)value.Length);
        value.CopyTo(file[(position + 2)..]);
        return position + 2 + value.Length;
    }

    /// <summary>4 filler octets (0xFF), then the address as IPv6; IPv4 as IPv4-mapped (::ffff:a.b.c.d).</summary>
    private static void WriteNodeAddress(CdrFileHeader header, Span<byte> octets)
    {
        octets[..4].Fill(0xFF);
        var address = header.NodeAddress.AddressFamily == AddressFamily.InterNetwork
            ? header.NodeAddress.MapToIPv6()
            : header.NodeAddress;
        address.TryWriteBytes(octets[4..], out _);
    }
}
