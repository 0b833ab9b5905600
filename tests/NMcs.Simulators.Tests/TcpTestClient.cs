using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NMcs.Simulators.Tcp;

namespace NMcs.Simulators.Tests;

/// <summary>A frame client over a real socket; reads time out so a broken simulator fails instead of hanging.</summary>
internal sealed class TcpTestClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private int _nextId;

    private TcpTestClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<TcpTestClient> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new TcpTestClient(client);
    }

    public static async Task<TcpTestClient> LoginAsync(int port)
    {
        var client = await ConnectAsync(port);
        Assert.Equal("0", (await client.SendAsync("LOGIN", "USER=nmcs", "PASSWORD=nmcs"))!["CODE"]);
        return client;
    }

    /// <summary>Sends ID (fresh), OP and the given KEY=VALUE lines; returns the reply fields, or null when the connection closed.</summary>
    public async Task<Dictionary<string, string>?> SendAsync(string op, params string[] lines)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var reply = await SendRawAsync(Encoding.UTF8.GetBytes(string.Join('\n', [$"ID={id}", $"OP={op}", .. lines]) + "\n"));
        if (reply is null)
        {
            return null;
        }

        var fields = TcpMessage.Parse(reply);
        Assert.NotNull(fields);
        Assert.Equal(id, fields["ID"]);
        return fields;
    }

    /// <summary>Sends one frame with the payload and reads one reply payload; null when the connection closed.</summary>
    public async Task<byte[]?> SendRawAsync(byte[] payload)
    {
        await WriteFrameAsync(payload.Length, payload);
        return await ReadFrameAsync();
    }

    public async Task WriteFrameAsync(long announcedLength, byte[] payload)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)announcedLength);
        await _stream.WriteAsync(header);
        await _stream.WriteAsync(payload);
    }

    public async Task<byte[]?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            var header = new byte[4];
            await _stream.ReadExactlyAsync(header, timeout.Token);
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
            await _stream.ReadExactlyAsync(payload, timeout.Token);
            return payload;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            // A reset after a dropped connection reads as closed.
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
