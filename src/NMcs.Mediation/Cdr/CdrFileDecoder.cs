namespace NMcs.Mediation.Cdr;

/// <summary>
/// Decodes a TS 32.297 file of BER PGW/SGW-CDRs into <see cref="MediatedUsage"/> records and
/// <see cref="SourceReject"/>s. A broken file header or framing rejects the file as a whole; a bad CDR in an intact
/// file rejects that CDR only. Never throws on malformed content.
/// </summary>
public sealed class CdrFileDecoder(CdrDecoderOptions options)
{
    /// <summary>Octets of a rejected CDR kept (as hex) in its reject.</summary>
    public const int RawPrefixOctets = 64;

    private readonly CdrDecoderOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Decodes one file; <paramref name="fileName"/> names the source of every record and reject.</summary>
    public CdrFileDecodeResult Decode(string fileName, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var framing = CdrFileReader.Read(content);
        if (framing.Error is { } fileError)
        {
            var reject = new SourceReject(new RecordSource(fileName, 0), fileError.Field, fileError.Reason, Hex(content));
            return new CdrFileDecodeResult(fileName, framing.Header, 0, [], [], [reject]);
        }

        var cdrs = new List<GatewayCdr>(framing.Frames.Count);
        var usage = new List<MediatedUsage>(framing.Frames.Count * 2);
        var rejects = new List<SourceReject>();
        foreach (var frame in framing.Frames)
        {
            var source = new RecordSource(fileName, frame.Ordinal);
            var body = content.Slice(frame.Offset, frame.Length);
            if (frame.Header.DataRecordFormat != CdrDataRecordFormat.Ber)
            {
                rejects.Add(new SourceReject(
                    source,
                    "cdrHeader.dataRecordFormat",
                    $"data record format {(int)frame.Header.DataRecordFormat} is not supported; only BER (1) is decoded",
                    Hex(body)));
                continue;
            }

            if (!GatewayCdrDecoder.TryDecode(body, out var cdr, out var error)
                || !GatewayCdrUsage.TryConvert(cdr, source, _options, usage, out error))
            {
                rejects.Add(new SourceReject(source, error.Field, error.Reason, Hex(body)));
                continue;
            }

            cdrs.Add(cdr);
        }

        return new CdrFileDecodeResult(fileName, framing.Header, framing.Frames.Count, cdrs, usage, rejects);
    }

    private static string Hex(ReadOnlySpan<byte> octets) => Convert.ToHexString(octets[..Math.Min(octets.Length, RawPrefixOctets)]);
}
