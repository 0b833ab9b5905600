using System.Net;
using System.Net.Sockets;
using System.Text;
using NMcs.Simulators.Hlr;

namespace NMcs.Simulators.Tests;

/// <summary>A Telnet-like client over a real socket; reads time out so a broken simulator fails instead of hanging.</summary>
internal sealed class HlrTestClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private HlrTestClient(TcpClient client)
    {
        _client = client;
        var stream = client.GetStream();
        _reader = new StreamReader(stream, Encoding.Latin1);
        _writer = new StreamWriter(stream, Encoding.Latin1) { AutoFlush = true };
    }

    public static async Task<HlrTestClient> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new HlrTestClient(client);
    }

    public static async Task<HlrTestClient> LoginAsync(int port)
    {
        var client = await ConnectAsync(port);
        Assert.Equal("RESP:0;", await client.SendAsync("LOGIN:nmcs:nmcs;"));
        return client;
    }

    /// <summary>Sends raw text (caller supplies ';' and line ends) without reading.</summary>
    public Task WriteRawAsync(string text) => _writer.WriteAsync(text);

    /// <summary>Sends a CAI command and reads its one-line reply; null when the server closed the connection.</summary>
    public async Task<string?> SendAsync(string command)
    {
        await _writer.WriteAsync(command + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>Sends an MML command and reads the reply block up to and including the END line.</summary>
    public async Task<IReadOnlyList<string>> SendMmlAsync(string command)
    {
        await _writer.WriteAsync(command + "\n");
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException("connection closed inside an MML reply");
            lines.Add(line);
            if (line == MmlDialect.EndMarker)
            {
                return lines;
            }
        }
    }

    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            return await _reader.ReadLineAsync(timeout.Token);
        }
        catch (IOException)
        {
            // A reset after a dropped connection reads as closed.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _reader.Dispose();
        _client.Dispose();
    }
}
