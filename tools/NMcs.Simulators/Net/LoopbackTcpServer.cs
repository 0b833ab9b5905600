using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NMcs.Simulators.Net;

/// <summary>
/// What the TCP simulators share: a listener on 127.0.0.1 that runs one session per accepted connection, tracks the
/// sessions, and on stop closes every connection and waits for the sessions to end. A session ending with a
/// cancellation, an I/O or socket error or a disposed connection ends quietly; the connection is disposed either way.
/// </summary>
/// <param name="serveAsync">Runs one session on an accepted connection until it ends.</param>
internal sealed class LoopbackTcpServer(Func<TcpClient, CancellationToken, Task> serveAsync) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TcpClient, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _acceptedConnections;

    /// <summary>The bound port, known after <see cref="Start"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Connections accepted since start.</summary>
    public int AcceptedConnections => Volatile.Read(ref _acceptedConnections);

    /// <summary>Binds 127.0.0.1 and starts accepting connections.</summary>
    /// <param name="port">Port to bind; 0 picks an ephemeral one.</param>
    public void Start(int port)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("the simulator is already started");
        }

        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
    }

    /// <summary>Stops listening, closes every connection and waits for the sessions to end.</summary>
    /// <returns>A task completing when all sessions have ended.</returns>
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

    private async Task RunSessionAsync(TcpClient client, Task registered, CancellationToken cancellationToken)
    {
        // Wait until the session is tracked so the removal in finally cannot run before the add.
        await registered;
        try
        {
            await serveAsync(client, cancellationToken);
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
