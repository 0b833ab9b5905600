using System.Text;
using System.Text.Json;
using NMcs.Mediation;

namespace NMcs.Api.Ingestion;

/// <summary>
/// One record handed to <see cref="UsageIngestionPipeline"/>: either parsed usage (still unvalidated, units as sent, SIM
/// not resolved) or a collector's reject of a record it could not read. Either way it is counted and answered.
/// </summary>
public sealed class IngestCandidate
{
    /// <summary>Parsed usage at <paramref name="position"/> of its source.</summary>
    public IngestCandidate(long position, MediatedUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Position = position;
        Usage = usage;
    }

    /// <summary>A record the collector could not read.</summary>
    public IngestCandidate(long position, SourceReject reject)
    {
        ArgumentNullException.ThrowIfNull(reject);
        Position = position;
        Reject = reject;
    }

    /// <summary>0-based index in a pushed batch; line or record number in a file.</summary>
    public long Position { get; }

    /// <summary>The parsed record, or null for a collector reject.</summary>
    public MediatedUsage? Usage { get; }

    /// <summary>The collector's reject, or null for parsed usage.</summary>
    public SourceReject? Reject { get; }

    /// <summary>The record id of a collector reject when it could be read (parsed usage carries its own).</summary>
    public string? RecordId { get; init; }

    /// <summary>The record as the source sent it (CSV line, JSON text, hex of CDR bytes), for the reject store.</summary>
    public string? Raw { get; init; }

    /// <summary>The 1-based line of the record in an NDJSON body or a text file, when it differs from <see cref="Position"/>.</summary>
    public long? Line { get; init; }

    /// <summary>
    /// How the source names the pipeline's fields (recordId, timestamp, serviceType, quantity, unit, iccid, imsi,
    /// msisdn, durationSeconds, destination, visitedNetwork), so a rejection names the field the sender knows.
    /// </summary>
    public IReadOnlyDictionary<string, string>? FieldNames { get; init; }

    /// <summary>The JSON the record was read from; its text is taken only if the record is rejected.</summary>
    internal JsonElement? RawJson { get; init; }

    /// <summary>The UTF-8 JSON text the record was read from (the push collector's fast path); decoded only if the record is rejected.</summary>
    internal byte[]? RawUtf8 { get; init; }

    /// <summary>Parsed usage, positioned by its <see cref="MediatedUsage.Source"/>.</summary>
    public static IngestCandidate Of(MediatedUsage usage, string? raw = null)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new IngestCandidate(usage.Source.Position, usage) { Raw = raw };
    }

    /// <summary>A collector reject, positioned by its <see cref="SourceReject.Source"/>.</summary>
    public static IngestCandidate Of(SourceReject reject, string? recordId = null)
    {
        ArgumentNullException.ThrowIfNull(reject);
        return new IngestCandidate(reject.Source.Position, reject) { Raw = reject.Raw, RecordId = recordId };
    }

    /// <summary>The raw text to store with a rejection.</summary>
    internal string? RawText =>
        Raw ?? (RawUtf8 is { } utf8 ? Encoding.UTF8.GetString(utf8) : null) ?? (RawJson is { } json ? json.GetRawText() : null) ?? Reject?.Raw;

    /// <summary>The field name the source uses for a pipeline field.</summary>
    internal string? SourceField(string? field) =>
        field is not null && FieldNames is { } names && names.TryGetValue(field, out var named) ? named : field;
}
