using System.Buffers.Binary;
using System.Net;
using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

public class CdrFileFormatTests
{
    private static readonly CdrFileDecoder Decoder = new(new CdrDecoderOptions(PlmnId.Parse("262-01")));

    /// <summary>A TS 32.297 file with one PGW-CDR, written out octet by octet.</summary>
    private static byte[] HandBuiltFile() => Hex.Octets(
        "00 00 00 59",                      // file length 89 = 54 header + 5 CDR header + 30 CDR
        "00 00 00 36",                      // header length 54
        "E5",                               // high release identifier 7 (Rel-10+, 111) | version 5 (00101)
        "E5",                               // low release identifier 7 | version 5
        "37 A9 E8 40",                      // file opening: month 3|day 15|hour 10|minute 30|'+'|01|00 (0011 01111 01010 011110 1 00001 000000)
        "37 AE D8 40",                      // last CDR appended: 03-15 11:45 +01:00
        "00 00 00 01",                      // number of CDRs 1
        "00 00 00 2A",                      // file sequence number 42
        "00",                               // file closure trigger reason 0 (normal)
        "FF FF FF FF",                      // node address: 4 filler octets
        "00 00 00 00 00 00 00 00 00 00 FF FF 0A 00 00 05", //   then ::ffff:10.0.0.5 (IPv4-mapped)
        "00",                               // lost CDR indicator
        "00 00",                            // CDR routeing filter length 0
        "00 00",                            // private extension length 0
        "05",                               // high release identifier extension: Rel-15 = 10 + 5
        "05",                               // low release identifier extension
        "00 1E",                            // CDR header: CDR length 30
        "E5",                               //   release identifier 7 | version 5
        "27",                               //   data record format 1 (BER, 001) | TS number 7 (TS 32.251, 00111)
        "05",                               //   release identifier extension: Rel-15
        "BF 4F 1B",                         // [79] pGWRecord, 27 content octets
        "   80 01 55",                      //   recordType 85
        "   83 08 32 14 05 21 43 65 87 F9", //   servedIMSI 234150123456789
        "   85 01 07",                      //   chargingID 7
        "   8D 09 24 03 15 10 30 00 2B 01 00"); // recordOpeningTime

    [Fact]
    public void Hand_built_file_header_and_cdr_header_are_read()
    {
        var framing = CdrFileReader.Read(HandBuiltFile());

        Assert.Null(framing.Error);
        var header = framing.Header!;
        Assert.Equal(89u, header.FileLength);
        Assert.Equal(54u, header.HeaderLength);
        Assert.Equal((15, 5, 15, 5), (header.HighRelease, header.HighVersion, header.LowRelease, header.LowVersion));
        Assert.Equal(new CdrFileTimestamp(3, 15, 10, 30, 60), header.FileOpeningTimestamp);
        Assert.Equal(new CdrFileTimestamp(3, 15, 11, 45, 60), header.LastCdrAppendedTimestamp);
        Assert.Equal(1u, header.NumberOfCdrs);
        Assert.Equal(42u, header.FileSequenceNumber);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), header.NodeAddress);
        var frame = Assert.Single(framing.Frames);
        Assert.Equal(1, frame.Ordinal);
        Assert.Equal(59, frame.Offset);
        Assert.Equal(30, frame.Length);
        Assert.Equal(15, frame.Header.Release);
        Assert.Equal(CdrDataRecordFormat.Ber, frame.Header.DataRecordFormat);
        Assert.Equal(CdrHeader.Ts32251, frame.Header.TsNumber);
    }

    [Fact]
    public void Writer_reproduces_the_hand_built_file()
    {
        var cdr = new GatewayCdr
        {
            Kind = GatewayCdrKind.Pgw,
            ServedImsi = "234150123456789",
            ChargingId = 7,
            RecordOpeningTime = new DateTimeOffset(2024, 3, 15, 10, 30, 0, TimeSpan.FromHours(1)),
        };
        var header = new CdrFileHeader
        {
            FileOpeningTimestamp = new CdrFileTimestamp(3, 15, 10, 30, 60),
            LastCdrAppendedTimestamp = new CdrFileTimestamp(3, 15, 11, 45, 60),
            FileSequenceNumber = 42,
            NodeAddress = IPAddress.Parse("10.0.0.5"),
        };
        var hand = HandBuiltFile();

        // The encoder always writes duration and causeForRecClosing, so compare the framing and the decoded record.
        var written = CdrFileWriter.Write(header, [cdr]);
        var framing = CdrFileReader.Read(written);

        Assert.Null(framing.Error);
        Assert.Equal(hand.AsSpan(8, 46).ToArray(), written.AsSpan(8, 46).ToArray()); // header after the two lengths
        Assert.True(GatewayCdrDecoder.TryDecode(written.AsSpan(framing.Frames[0].Offset, framing.Frames[0].Length), out var decoded, out _));
        Assert.Equal(cdr.RecordKey, decoded.RecordKey);
    }

    [Fact]
    public void Written_file_reads_back_with_all_header_fields()
    {
        var file = CdrSamples.File();

        var framing = CdrFileReader.Read(file);

        Assert.Null(framing.Error);
        var header = framing.Header!;
        Assert.Equal((uint)file.Length, header.FileLength);
        Assert.Equal(6u, header.NumberOfCdrs);
        Assert.Equal(4711u, header.FileSequenceNumber);
        Assert.Equal(2, header.ClosureTriggerReason);
        Assert.Equal(IPAddress.Parse("192.0.2.99"), header.NodeAddress);
        Assert.Equal(new byte[] { 1, 2, 3 }, header.RouteingFilter.ToArray());
        Assert.Equal(new byte[] { 0xAA }, header.PrivateExtension.ToArray());
        Assert.Equal(CdrFileTimestamp.From(CdrSamples.Opened), header.FileOpeningTimestamp);
        Assert.Equal([1, 2, 3, 4, 5, 6], framing.Frames.Select(f => f.Ordinal));
    }

    [Theory]
    [InlineData(99, 0)]
    [InlineData(4, 1)]
    [InlineData(9, 6)]
    [InlineData(10, 7)]
    [InlineData(18, 7)]
    public void Releases_round_trip_through_identifier_and_extension(int release, int identifier)
    {
        var file = CdrFileWriter.Write(
            CdrSamples.FileHeader() with { HighRelease = release, LowRelease = release },
            [CdrSamples.Sgw()],
            CdrHeader.Default with { Release = release });

        var framing = CdrFileReader.Read(file);

        Assert.Null(framing.Error);
        Assert.Equal(identifier, file[8] >> 5);
        Assert.Equal(release, framing.Header!.HighRelease);
        Assert.Equal(release, framing.Header.LowRelease);
        Assert.Equal(release, framing.Frames[0].Header.Release);
    }

    [Fact]
    public void Ipv6_node_address_survives()
    {
        var file = CdrFileWriter.Write(CdrSamples.FileHeader() with { NodeAddress = IPAddress.Parse("2001:db8::99") }, [CdrSamples.Pgw()]);

        Assert.Equal(IPAddress.Parse("2001:db8::99"), CdrFileReader.Read(file).Header!.NodeAddress);
    }

    [Fact]
    public void Header_of_an_older_edition_without_private_extension_is_read()
    {
        // Header length 50: the fixed part with an empty routeing filter, nothing after it.
        var cdr = GatewayCdrEncoder.Encode(CdrSamples.Sgw());
        var file = new byte[50 + 4 + cdr.Length];
        BinaryPrimitives.WriteUInt32BigEndian(file, (uint)file.Length);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 50);
        file[8] = file[9] = 0xA2;                           // Rel-8 (identifier 5, 101) | version 2 (00010)
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(10), 0x37A9E840);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(14), 0x37A9E840);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(18), 1);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(50), (ushort)cdr.Length);
        file[52] = 0xA2;                                    // Rel-8, version 2
        file[53] = 0x27;                                    // BER, TS 32.251
        cdr.CopyTo(file, 54);

        var result = Decoder.Decode("old.dat", file);

        Assert.False(result.FileRejected, result.Rejects.Count > 0 ? result.Rejects[0].Reason : null);
        Assert.Equal(8, result.Header!.HighRelease);
        Assert.Single(result.Cdrs);
    }

    [Theory]
    [InlineData("file length", "fileHeader.fileLength")]
    [InlineData("header length", "fileHeader.headerLength")]
    [InlineData("opening month", "fileHeader.fileOpeningTimestamp")]
    [InlineData("CDR count", "fileHeader.numberOfCdrs")]
    [InlineData("routeing filter length", "fileHeader.cdrRouteingFilter")]
    public void Broken_header_rejects_the_whole_file(string broken, string field)
    {
        var file = CdrSamples.File();
        switch (broken)
        {
            case "file length":
                BinaryPrimitives.WriteUInt32BigEndian(file, (uint)file.Length - 1);
                break;
            case "header length":
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), (uint)file.Length + 1);
                break;
            case "opening month":
                file[10] = 0xF0; // month 15
                break;
            case "CDR count":
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(18), 7); // 6 present
                break;
            default:
                BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(48), 1000); // past the header length
                break;
        }

        var result = Decoder.Decode("broken.dat", file);

        Assert.True(result.FileRejected);
        var reject = Assert.Single(result.Rejects);
        Assert.Equal(new RecordSource("broken.dat", 0), reject.Source);
        Assert.Equal(field, reject.Field);
        Assert.False(string.IsNullOrEmpty(reject.Raw));
        Assert.Empty(result.Usage);
        Assert.Empty(result.Cdrs);
    }

    [Fact]
    public void File_too_short_for_a_header_is_rejected()
    {
        var result = Decoder.Decode("tiny.dat", new byte[10]);

        Assert.True(result.FileRejected);
        Assert.Equal("the file has 10 octets; a TS 32.297 file header needs at least 50", result.Rejects[0].Reason);
    }

    [Fact]
    public void Cdr_length_running_past_the_file_rejects_the_file()
    {
        var file = CdrSamples.File();
        var last = CdrFileReader.Read(file).Frames[^1];
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(last.Offset - 5), (ushort)(last.Length + 1)); // 5-octet CDR header (Rel-15)

        var result = Decoder.Decode("overrun.dat", file);

        Assert.True(result.FileRejected);
        Assert.Equal("cdrHeader.cdrLength", result.Rejects[0].Field);
        Assert.Contains("CDR 6", result.Rejects[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_cdr_in_an_intact_file_rejects_only_that_cdr()
    {
        var file = CdrSamples.File();
        var third = CdrFileReader.Read(file).Frames[2];
        file[third.Offset] = 0xBF;
        file[third.Offset + 1] = 0x50; // [80] instead of [79]

        var result = Decoder.Decode("one-bad.dat", file);

        Assert.False(result.FileRejected);
        Assert.Equal(6, result.CdrCount);
        Assert.Equal(5, result.Cdrs.Count);
        var reject = Assert.Single(result.Rejects);
        Assert.Equal(new RecordSource("one-bad.dat", 3), reject.Source);
        Assert.Equal("record", reject.Field);
        Assert.StartsWith("BF50", reject.Raw, StringComparison.Ordinal);
        Assert.Equal([1L, 2L, 4L, 5L, 6L], result.Usage.Select(u => u.Source.Position).Distinct());
    }

    [Fact]
    public void Cdr_in_another_encoding_is_rejected_by_its_header()
    {
        var file = CdrFileWriter.Write(
            CdrSamples.FileHeader(), [CdrSamples.Pgw()], CdrHeader.Default with { DataRecordFormat = CdrDataRecordFormat.UnalignedPer });

        var result = Decoder.Decode("per.dat", file);

        var reject = Assert.Single(result.Rejects);
        Assert.Equal("cdrHeader.dataRecordFormat", reject.Field);
        Assert.Equal("data record format 2 is not supported; only BER (1) is decoded", reject.Reason);
    }
}
