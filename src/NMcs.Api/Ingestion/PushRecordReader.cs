using System.Text;
using System.Text.Json;
using NMcs.Mediation;

namespace NMcs.Api.Ingestion;

/// <summary>
/// The push collector's record step: one JSON value of a pushed batch (a plain usage record or a TMF635 Usage) to a
/// pipeline candidate. A record that cannot be read becomes a reject candidate with its field and reason.
/// </summary>
public static class PushRecordReader
{
    /// <summary>JSON limits of one pushed record.</summary>
    public static readonly JsonSerializerOptions RecordJson = new() { MaxDepth = 16 };

    /// <summary>Reads the record at <paramref name="index"/> of batch <paramref name="batchId"/>.</summary>
    public static IngestCandidate Read(JsonElement element, string batchId, int index, long? line = null)
    {
        var source = new RecordSource(batchId, index);
        var tmf = Tmf635UsageMapper.IsUsageResource(element);
        try
        {
            var usage = tmf ? Tmf635UsageMapper.Map(element, source) : UsageRecordParser.Parse(element, source);
            return new IngestCandidate(index, usage) { RawJson = element, Line = line, FieldNames = tmf ? Tmf635UsageMapper.FieldNames : null };
        }
        catch (DomainException e)
        {
            return new IngestCandidate(index, new SourceReject(source, e.Field ?? "record", e.Message, null))
            {
                RawJson = element,
                Line = line,
                RecordId = tmf ? Tmf635UsageMapper.TryRecordId(element) : UsageRecordParser.TryRecordId(element),
            };
        }
    }

    /// <summary>
    /// Reads the record at <paramref name="index"/> of batch <paramref name="batchId"/> from its UTF-8 text (an array
    /// element or an NDJSON line): a plain usage record in one pass (<see cref="PlainUsageJson"/>), anything else as a
    /// JSON value the general way; text that is not JSON is a reject.
    /// </summary>
    public static IngestCandidate Read(byte[] utf8, string batchId, int index, long? line = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var value = utf8.AsSpan().Trim(JsonWhitespace);
        if (PlainUsageJson.TryParse(value, new RecordSource(batchId, index), out var usage))
        {
            // The record's own bytes are its raw text, as JsonElement.GetRawText would give it: no copy when the line has no padding.
            return new IngestCandidate(index, usage!) { RawUtf8 = value.Length == utf8.Length ? utf8 : value.ToArray(), Line = line };
        }

        JsonElement element;
        try
        {
            element = JsonSerializer.Deserialize<JsonElement>(utf8, RecordJson);
        }
        catch (JsonException)
        {
            return NotJson(Encoding.UTF8.GetString(utf8), batchId, index, line);
        }

        return Read(element, batchId, index, line);
    }

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    /// <summary>Reads a record from its stored text (reprocessing a pushed reject).</summary>
    public static IngestCandidate Read(string raw, string batchId, int index)
    {
        ArgumentNullException.ThrowIfNull(raw);
        JsonElement element;
        try
        {
            element = JsonSerializer.Deserialize<JsonElement>(raw, RecordJson);
        }
        catch (JsonException)
        {
            return NotJson(raw, batchId, index, null);
        }

        return Read(element, batchId, index);
    }

    /// <summary>A line of an NDJSON body that is not JSON.</summary>
    public static IngestCandidate NotJson(string raw, string batchId, int index, long? line) =>
        new(index, new SourceReject(new RecordSource(batchId, index), "record", $"record {index} is not valid JSON; send one JSON object per line.", raw))
        {
            Raw = raw,
            Line = line,
        };
}
