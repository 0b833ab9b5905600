using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>
/// A request body sent in chunks as the test writes lines (chunked transfer, no Content-Length), so a test can hold a
/// request open half-way: the host has read the lines written so far and waits for the rest.
/// </summary>
public sealed class StreamedContent : HttpContent
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    /// <summary>Creates an empty body of <paramref name="mediaType"/>.</summary>
    public StreamedContent(string mediaType) => Headers.ContentType = new MediaTypeHeaderValue(mediaType);

    /// <summary>Sends one line (a newline is appended) as its own chunk.</summary>
    public void WriteLine(string line) => Assert.True(_lines.Writer.TryWrite(line + "\n"));

    /// <summary>Ends the body.</summary>
    public void Complete() => _lines.Writer.TryComplete();

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await foreach (var text in _lines.Reader.ReadAllAsync())
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
            await stream.FlushAsync();
        }
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
