using System.Buffers.Binary;
using System.Net;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// Reads the framing of a TS 32.297 CDR file: the file header and the CDR headers, checking that the lengths and the
/// CDR count agree with the file. It does not decode the CDRs.
/// </summary>
public static class CdrFileReader
{
    /// <summary>Octets of the fixed part of the file header, up to and including the routeing filter length.</summary>
    public const int FixedHeaderOctets = 50;

    /// <summary>Reads the file header and locates every CDR.</summary>
    public static CdrFileFraming Read(ReadOnlySpan<byte> file)
    {
        CdrFileHeader? header = null;
        try
        {
            header = ReadHeader(file);
            return new CdrFileFraming(header, ReadFrames(file, header), null);
        }
        catch (CdrDecodeException ex)
        {
            return new CdrFileFraming(header, [], new CdrFieldError(ex.Field, ex.Reason));
        }
    }

    private static CdrFileHeader ReadHeader(ReadOnlySpan<byte> file)
    {
        if (file.Length < FixedHeaderOctets)
        {
            throw new CdrDecodeException("fileHeader", $"the file has {file.Length} octets; a TS 32.297 file header needs at least {FixedHeaderOctets}");
        }

        var fileLength = BinaryPrimitives.ReadUInt32BigEndian(file);
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(file[4..]);
        if (fileLength != (uint)file.Length)
        {
            throw new CdrDecodeException(
                "fileHeader.fileLength", $"says {fileLength} octets but the file has {file.Length}; it was truncated or appended to in transfer");
        }

        if (headerLength < FixedHeaderOctets || headerLength > fileLength)
        {
            throw new CdrDecodeException(
                "fileHeader.headerLength", $"{headerLength} is outside {FixedHeaderOctets}..{fileLength} (the file length)");
        }

        var headerOctets = file[..(int)headerLength];
        var high = headerOctets[8];
        var low = headerOctets[9];
        var opened = CdrFileTimestamp.Unpack(BinaryPrimitives.ReadUInt32BigEndian(headerOctets[10..]), "fileHeader.fileOpeningTimestamp");
        var appended = CdrFileTimestamp.Unpack(BinaryPrimitives.ReadUInt32BigEndian(headerOctets[14..]), "fileHeader.lastCdrAppendTimestamp");
        var count = BinaryPrimitives.ReadUInt32BigEndian(headerOctets[18..]);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(headerOctets[22..]);
        var reason = headerOctets[26];
        var address = NodeAddress(headerOctets.Slice(27, 20));
        var lost = headerOctets[47];
        var position = FixedHeaderOctets;
        var filter = Variable(headerOctets, ref position, BinaryPrimitives.ReadUInt16BigEndian(headerOctets[48..]), "fileHeader.cdrRouteingFilter");

        // Editions before the private extension end here; later fields are read when the header length leaves room.
        ReadOnlySpan<byte> extension = default;
        if (position + 2 <= headerOctets.Length)
        {
            var extensionLength = BinaryPrimitives.ReadUInt16BigEndian(headerOctets[position..]);
            position += 2;
            extension = Variable(headerOctets, ref position, extensionLength, "fileHeader.privateExtension");
        }

        var highExtension = high >> 5 == 7 && position < headerOctets.Length ? headerOctets[position++] : 0;
        var lowExtension = low >> 5 == 7 && position < headerOctets.Length ? headerOctets[position] : 0;
        return new CdrFileHeader
        {
            FileLength = fileLength,
            HeaderLength = headerLength,
            HighRelease = ThreeGppRelease.FromIdentifier(high >> 5, highExtension),
            HighVersion = high & 0x1F,
            LowRelease = ThreeGppRelease.FromIdentifier(low >> 5, lowExtension),
            LowVersion = low & 0x1F,
            FileOpeningTimestamp = opened,
            LastCdrAppendedTimestamp = appended,
            NumberOfCdrs = count,
            FileSequenceNumber = sequence,
            ClosureTriggerReason = reason,
            NodeAddress = address,
            LostCdrIndicator = lost,
            RouteingFilter = filter.ToArray(),
            PrivateExtension = extension.ToArray(),
        };
    }

    private static List<CdrFrame> ReadFrames(ReadOnlySpan<byte> file, CdrFileHeader header)
    {
        var frames = new List<CdrFrame>((int)Math.Min(header.NumberOfCdrs, 4096));
        var offset = (int)header.HeaderLength;
        CdrHeader? previous = null;
        while (offset < file.Length)
        {
            var ordinal = frames.Count + 1;
            var remaining = file.Length - offset;
            if (remaining < 4 || (file[offset + 2] >> 5 == 7 && remaining < 5))
            {
                throw new CdrDecodeException(
                    "cdrHeader", $"CDR {ordinal} at offset {offset}: only {remaining} octets remain, too few for a CDR header");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(file[offset..]);
            var releaseVersion = file[offset + 2];
            var formatTs = file[offset + 3];
            var headerOctets = releaseVersion >> 5 == 7 ? 5 : 4;
            var release = ThreeGppRelease.FromIdentifier(releaseVersion >> 5, headerOctets == 5 ? file[offset + 4] : 0);
            if (length > remaining - headerOctets)
            {
                throw new CdrDecodeException(
                    "cdrHeader.cdrLength",
                    $"CDR {ordinal} at offset {offset} says {length} octets but only {remaining - headerOctets} remain in the file");
            }

            // Consecutive CDRs usually share release, version and format; only the length differs.
            var cdrHeader = previous is not null && previous.Release == release && previous.Version == (releaseVersion & 0x1F)
                && (int)previous.DataRecordFormat == formatTs >> 5 && previous.TsNumber == (formatTs & 0x1F)
                ? previous with { Length = length }
                : new CdrHeader
                {
                    Length = length,
                    Release = release,
                    Version = releaseVersion & 0x1F,
                    DataRecordFormat = (CdrDataRecordFormat)(formatTs >> 5),
                    TsNumber = formatTs & 0x1F,
                };
            previous = cdrHeader;
            frames.Add(new CdrFrame(ordinal, cdrHeader, offset + headerOctets, length));
            offset += headerOctets + length;
        }

        if (frames.Count != header.NumberOfCdrs)
        {
            throw new CdrDecodeException(
                "fileHeader.numberOfCdrs", $"says {header.NumberOfCdrs} CDRs but the file holds {frames.Count}");
        }

        return frames;
    }

    private static ReadOnlySpan<byte> Variable(ReadOnlySpan<byte> header, scoped ref int position, int length, string field)
    {
        if (position + length > header.Length)
        {
            throw new CdrDecodeException(
                field, $"{length} octets at offset {position} run past the header length {header.Length}");
        }

        var value = header.Slice(position, length);
        position += length;
        return value;
    }

    /// <summary>
    /// 20 octets: 4 filler octets, then the address in IPv6 form; an IPv4 address is IPv4-mapped (::ffff:a.b.c.d) or,
    /// from older writers, IPv4-compatible (::a.b.c.d).
    /// </summary>
    private static IPAddress NodeAddress(ReadOnlySpan<byte> octets)
    {
        var v6 = octets[4..];
        if (v6[..10].IndexOfAnyExcept((byte)0) < 0)
        {
            var mapped = v6[10] == 0xFF && v6[11] == 0xFF;
            var compatible = v6[10] == 0 && v6[11] == 0 && v6[12..].IndexOfAnyExcept((byte)0) >= 0;
            if (mapped || compatible)
            {
                return new IPAddress(v6[12..]);
            }
        }

        return new IPAddress(v6);
    }
}
