using System.Net.Sockets;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Net;

namespace NMcs.Simulators.Tcp;

/// <summary>
/// PGW/AAA network element simulator holding APN and static IP per subscriber: a TCP listener on 127.0.0.1 speaking
/// length-prefixed frames (4-byte big-endian length, then UTF-8 <c>KEY=VALUE</c> lines), one reply frame per request.
/// </summary>
internal sealed class TcpElementSimulator : IAsyncDisposable
{
    private readonly TcpSubscriberTable _table = new();
    private readonly TcpRequestProcessor _processor;
    private readonly LoopbackTcpServer _server;

    /// <summary>Creates a stopped simulator that accepts one operator account.</summary>
    /// <param name="user">Accepted user name.</param>
    /// <param name="password">Accepted password.</param>
    public TcpElementSimulator(string user = "nmcs", string password = "nmcs")
    {
        _processor = new TcpRequestProcessor(_table, user, password, Faults);
        _server = new LoopbackTcpServer(ServeAsync);
    }

    /// <summary>Fault injection control; faults hit requests of every connection in arrival order (not FAULT itself).</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>The bound port, known after <see cref="StartAsync"/>.</summary>
    public int Port => _server.Port;

    /// <summary>Connections accepted since start (for checking that clients pool and reuse them).</summary>
    public int AcceptedConnections => _server.AcceptedConnections;

    /// <summary>Snapshot of the subscriber table, ordered by MSISDN.</summary>
    public IReadOnlyList<TcpSubscriber> Subscribers => _table.Snapshot();

    /// <summary>Binds 127.0.0.1 and starts accepting connections.</summary>
    /// <param name="port">Port to bind; 0 picks an ephemeral one.</param>
    /// <returns>A completed task once listening.</returns>
    public Task StartAsync(int port = 0)
    {
        _server.Start(port);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes every connection and waits for them to end.</summary>
    /// <returns>A task completing when all connections are closed.</returns>
    public Task StopAsync() => _server.StopAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>
    /// Half-closes, then reads and discards what the peer is still sending for a while: closing a socket with unread
    /// input resets the connection, and the reset could destroy the reply before the peer reads it.
    /// </summary>
    private static async Task DrainAsync(TcpClient client, CancellationToken cancellationToken)
    {
        client.Client.Shutdown(SocketShutdown.Send);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        var sink = new byte[8192];
        var stream = client.GetStream();
        while (await stream.ReadAsync(sink, timeout.Token) > 0)
        {
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        var session = new TcpSession();
        while (await TcpFrame.ReadLengthAsync(stream, cancellationToken) is { } length)
        {
            if (length > TcpFrame.MaxPayloadBytes)
            {
                await TcpFrame.WriteAsync(stream, TcpRequestProcessor.Oversize(length), cancellationToken);
                await DrainAsync(client, cancellationToken);
                return;
            }

            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, cancellationToken);
            var reply = await _processor.ExecuteAsync(payload, session, cancellationToken);
            if (reply is null)
            {
                return;
            }

            await TcpFrame.WriteAsync(stream, reply, cancellationToken);
        }
    }
}
