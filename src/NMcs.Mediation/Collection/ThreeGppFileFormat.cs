using System.IO.Enumeration;
using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Collection;

/// <summary>
/// 3GPP TS 32.297 CDR files of BER PGW-/SGW-CDRs (docs/mediation.md). Positions are CDR numbers in the file; one
/// CDR gives a usage record per rating group or traffic-volume container, all at its position.
/// </summary>
public sealed class ThreeGppFileFormat(IReadOnlyList<string> filePatterns, CdrDecoderOptions decoderOptions) : ICdrFileFormat
{
    /// <summary>Largest file read (it is decoded in memory).</summary>
    public const long MaxFileBytes = 512L << 20;

    private readonly CdrFileDecoder _decoder = new(decoderOptions);

    /// <inheritdoc />
    public string Name => "3gpp-32.297";

    /// <inheritdoc />
    public bool Matches(string fileName) => filePatterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(fileName), ignoreCase: true));

    /// <inheritdoc />
    public IEnumerable<CdrFileItem> Read(string fileName, Stream content, long skip)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek && content.Length > MaxFileBytes)
        {
            throw new CdrFileRejectedException($"file is {content.Length} bytes, more than {MaxFileBytes}; have the network element close CDR files sooner");
        }

        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var decoded = _decoder.Decode(fileName, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (decoded.FileRejected)
        {
            var reason = decoded.Rejects[0];
            throw new CdrFileRejectedException($"{reason.Field}: {reason.Reason}");
        }

        // Usage and rejects in CDR order; a CDR's records stay together (a resume never splits a CDR).
        return decoded.Usage.Select(u => new CdrFileItem(u.Source.Position, u, null))
            .Concat(decoded.Rejects.Select(r => new CdrFileItem(r.Source.Position, null, r)))
            .Where(item => item.Position > skip)
            .OrderBy(item => item.Position)
            .ToList();
    }
}
