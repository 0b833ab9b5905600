using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Reads a pushed body as a stream of records, never holding the whole body: NDJSON line by line, a JSON array
/// element by element, or a single TMF635 Usage object.
/// </summary>
internal static class PushBodyReader
{
    /// <summary>Longest NDJSON line accepted.</summary>
    public const int MaxLineBytes = 1 << 20;

    private const string NotAnArray = "body must be a JSON array of usage records, or NDJSON with Content-Type application/x-ndjson (a single JSON object is accepted only as a TMF635 Usage).";

    /// <summary>Records of an NDJSON body; blank lines are skipped, a line that is not JSON is yielded as text.</summary>
    public static async IAsyncEnumerable<PushItem> ReadNdjsonAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        long line = 0;
        var index = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    line++;
                    var item = Item(buffer.Slice(0, end), line, ref index);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (item is { } record)
                    {
                        yield return record;
                    }
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty && Item(buffer, line + 1, ref index) is { } last)
                    {
                        yield return last;
                    }

                    break;
                }

                if (buffer.Length > MaxLineBytes)
                {
                    throw new FormatException($"line {line + 1} is longer than {MaxLineBytes} bytes; send one usage record per line.");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Records of a JSON body: the elements of an array, or one TMF635 Usage object.</summary>
    public static async IAsyncEnumerable<PushItem> ReadJsonAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            byte first;
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var skip = Insignificant(buffer);
                if (skip < buffer.Length)
                {
                    first = buffer.Slice(skip).FirstSpan[0];
                    reader.AdvanceTo(buffer.GetPosition(skip));
                    break;
                }

                if (result.IsCompleted)
                {
                    throw new FormatException("body is empty; " + NotAnArray);
                }

                reader.AdvanceTo(buffer.End);
            }

            var stream = reader.AsStream(leaveOpen: true);
            if (first == (byte)'[')
            {
                var index = 0;
                await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, PushRecordReader.RecordJson, cancellationToken))
                {
                    yield return new PushItem(index++, null, element, null);
                }

                yield break;
            }

            var single = await JsonSerializer.DeserializeAsync<JsonElement>(stream, PushRecordReader.RecordJson, cancellationToken);
            if (!Tmf635UsageMapper.IsUsageResource(single))
            {
                throw new FormatException(NotAnArray);
            }

            yield return new PushItem(0, null, single, null);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Leading bytes that carry nothing: JSON whitespace and a UTF-8 byte order mark.</summary>
    private static long Insignificant(ReadOnlySequence<byte> buffer)
    {
        long skip = 0;
        foreach (var segment in buffer)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    return skip;
                }

                skip++;
            }
        }

        return skip;
    }

    private static PushItem? Item(ReadOnlySequence<byte> line, long lineNumber, ref int index)
    {
        ReadOnlySpan<byte> bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (lineNumber == 1 && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        bytes = bytes.TrimEnd("\r"u8);
        if (bytes.Trim(" \t"u8).IsEmpty)
        {
            return null;
        }

        var at = index++;
        try
        {
            return new PushItem(at, lineNumber, JsonSerializer.Deserialize<JsonElement>(bytes, PushRecordReader.RecordJson), null);
        }
        catch (JsonException)
        {
            return new PushItem(at, lineNumber, null, Encoding.UTF8.GetString(bytes));
        }
    }
}

/// <summary>One record of a pushed body.</summary>
/// <param name="Index">0-based index among the body's records.</param>
/// <param name="Line">1-based line (NDJSON).</param>
/// <param name="Element">The record, or null when the line is not JSON.</param>
/// <param name="Text">The line's text when it is not JSON.</param>
internal readonly record struct PushItem(int Index, long? Line, JsonElement? Element, string? Text);
