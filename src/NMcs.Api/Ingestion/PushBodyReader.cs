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

            if (first == (byte)'[')
            {
                // Each element is cut out of the body as its own bytes (nothing of the body is held but the element
                // being read): the record reader parses it, the plain record without a JsonDocument.
                var array = new ArraySplitter();
                var index = 0;
                var elements = new List<byte[]>();
                while (true)
                {
                    var result = await reader.ReadAsync(cancellationToken);
                    var buffer = result.Buffer;
                    var consumed = array.Split(buffer, result.IsCompleted, elements);
                    foreach (var element in elements)
                    {
                        yield return new PushItem(index++, null, element);
                    }

                    elements.Clear();
                    if (result.IsCompleted)
                    {
                        if (!array.Ended)
                        {
                            throw new JsonException("the body ends inside its array; send the whole array, closed with ].");
                        }

                        yield break;
                    }

                    reader.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
                }
            }

            var single = await JsonSerializer.DeserializeAsync<JsonElement>(reader.AsStream(leaveOpen: true), PushRecordReader.RecordJson, cancellationToken);
            if (!Tmf635UsageMapper.IsUsageResource(single))
            {
                throw new FormatException(NotAnArray);
            }

            yield return new PushItem(0, null, Encoding.UTF8.GetBytes(single.GetRawText()));
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

        // Whether the line is JSON is the record reader's to find out (PushRecordReader.Read).
        return new PushItem(index++, lineNumber, bytes.ToArray());
    }

    /// <summary>
    /// Cuts the elements of a JSON array out of a body that arrives in pieces: each call reads the elements complete
    /// in the buffer and returns how far they reach, so the next call starts at the element that was cut off. The
    /// whole body is checked as JSON (at most <see cref="JsonSerializerOptions.MaxDepth"/> levels of
    /// <see cref="PushRecordReader.RecordJson"/>, nothing but whitespace after the array); an error throws
    /// <see cref="JsonException"/>.
    /// </summary>
    private sealed class ArraySplitter
    {
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = PushRecordReader.RecordJson.MaxDepth });
        private bool _opened;

        /// <summary>True once the array's closing bracket was read.</summary>
        public bool Ended { get; private set; }

        public long Split(ReadOnlySequence<byte> buffer, bool final, List<byte[]> elements)
        {
            var json = new Utf8JsonReader(buffer, final, _state);
            long consumed = 0;
            while (true)
            {
                if (!json.Read())
                {
                    // The next token is not complete yet (or, at the end, there is none).
                    return consumed;
                }

                if (Ended)
                {
                    // Utf8JsonReader refuses a second value after the array itself; this is only reached if it did not.
                    throw new JsonException("the body goes on after its array; send one JSON array.");
                }

                if (!_opened)
                {
                    _opened = true;
                }
                else if (json.TokenType == JsonTokenType.EndArray && json.CurrentDepth == 0)
                {
                    Ended = true;
                }
                else
                {
                    var start = json.TokenStartIndex;
                    if (!json.TrySkip())
                    {
                        // The element is cut off: read it again from its start with the rest of it.
                        return consumed;
                    }

                    elements.Add(buffer.Slice(start, json.BytesConsumed - start).ToArray());
                }

                consumed = json.BytesConsumed;
                _state = json.CurrentState;
            }
        }
    }
}

/// <summary>One record of a pushed body.</summary>
/// <param name="Index">0-based index among the body's records.</param>
/// <param name="Line">1-based line (NDJSON).</param>
/// <param name="Json">The record's UTF-8 text: an array element, or an NDJSON line (which may turn out not to be JSON).</param>
internal readonly record struct PushItem(int Index, long? Line, byte[] Json);
