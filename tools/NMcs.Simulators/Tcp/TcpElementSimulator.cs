using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using NMcs.Simulators.Faults;

namespace NMcs.Simulators.Tcp;

/// <summary>
/// PGW/AAA network element simulator holding APN and static IP per subscriber: a TCP listener on 127.0.0.1 speaking
/// length-prefixed frames (4-byte big-endian length, then UTF-8 <c>KEY=VALUE</c> lines), one reply frame per request.
/// </summary>
internal sealed class TcpElementSimulator : IAsyncDisposable
{
    private readonly TcpSubscriberTable _table = new();
    private readonly TcpRequestProcessor _processor;
    private readonly ConcurrentDictionary<TcpClient, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _acceptedConnections;

    /// <summary>Creates a stopped simulator that accepts one operator account.</summary>
    /// <param name="user">Accepted user name.</param>
    /// <param name="password">Accepted password.</param>
    public TcpElementSimulator(string user = "nmcs", string password = "nmcs")
    {
        _processor = new TcpRequestProcessor(_table, user, password, Faults);
    }

    /// <summary>Fault injection control; faults hit requests of every connection in arrival order (not FAULT itself).</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>The bound port, known after <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Connections accepted since start (for checking that clients pool and reuse them).</summary>
    public int AcceptedConnections => Volatile.Read(ref _acceptedConnections);

    /// <summary>Snapshot of the subscriber table, ordered by MSISDN.</summary>
    public IReadOnlyList<TcpSubscriber> Subscribers => _table.Snapshot();

    /// <summary>Binds 127.0.0.1 and starts accepting connections.</summary>
    /// <param name="port">Port to bind; 0 picks an ephemeral one.</param>
    /// <returns>A completed task once listening.</returns>
    public Task StartAsync(int port = 0)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("the simulator is already started");
        }

        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes every connection and waits for them to end.</summary>
    /// <returns>A task completing when all connections are closed.</returns>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Stop();
        await _acceptLoop;
        foreach (var client in _sessions.Keys)
        {
            client.Dispose();
        }

        await Task.WhenAll(_sessions.Values);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _listener?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref _acceptedConnections);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _sessions[client] = RunSessionAsync(client, ready.Task, cancellationToken);
            ready.SetResult();
        }
    }

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

    private async Task RunSessionAsync(TcpClient client, Task registered, CancellationToken cancellationToken)
    {
        // Wait until the session is tracked so the removal in finally cannot run before the add.
        await registered;
        try
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
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _sessions.TryRemove(client, out _);
            client.Dispose();
        }
    }
}
