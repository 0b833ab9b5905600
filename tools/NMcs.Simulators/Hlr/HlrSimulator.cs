using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NMcs.Simulators.Faults;

namespace NMcs.Simulators.Hlr;

/// <summary>
/// HLR network element simulator: a TCP listener on 127.0.0.1 speaking CAI-style and MML-style text,
/// commands terminated by <c>;</c>, one reply per command followed by CRLF.
/// </summary>
internal sealed class HlrSimulator : IAsyncDisposable
{
    /// <summary>Longest command accepted; longer input is answered with a syntax error and discarded.</summary>
    public const int MaxCommandLength = 8192;

    private readonly HlrSubscriberTable _table = new();
    private readonly HlrCommandProcessor _processor;
    private readonly ConcurrentDictionary<TcpClient, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>Creates a stopped simulator that accepts one operator account.</summary>
    /// <param name="user">Accepted user name.</param>
    /// <param name="password">Accepted password.</param>
    public HlrSimulator(string user = "nmcs", string password = "nmcs")
    {
        _processor = new HlrCommandProcessor(_table, new HlrCredentials(user, password), Faults);
    }

    /// <summary>Fault injection control; faults hit commands of every session in arrival order.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>The bound port, known after <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Snapshot of the subscriber table, ordered by MSISDN.</summary>
    public IReadOnlyList<HlrSubscriber> Subscribers => _table.Snapshot();

    /// <summary>Binds 127.0.0.1 and starts accepting sessions.</summary>
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

    /// <summary>Stops listening, closes every session and waits for them to end.</summary>
    /// <returns>A task completing when all sessions are closed.</returns>
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
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var session = RunSessionAsync(client, ready.Task, cancellationToken);
            _sessions[client] = session;
            ready.SetResult();
        }
    }

    private async Task RunSessionAsync(TcpClient client, Task registered, CancellationToken cancellationToken)
    {
        // Wait until the session is tracked so the removal in finally cannot run before the add.
        await registered;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1, false, 4096, leaveOpen: true);
            using var writer = new StreamWriter(stream, Encoding.Latin1, 4096, leaveOpen: true);
            var session = new HlrSession();
            var pending = new StringBuilder();
            var buffer = new char[4096];
            while (true)
            {
                var read = await reader.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c != ';')
                    {
                        // Line breaks only separate commands visually; the ';' ends a command.
                        if (c is not ('\r' or '\n'))
                        {
                            pending.Append(c);
                        }

                        if (pending.Length > MaxCommandLength)
                        {
                            pending.Clear();
                            await WriteAsync(writer, $"RESP:{HlrResultCode.SyntaxError};", cancellationToken);
                        }

                        continue;
                    }

                    var command = pending.ToString().Trim();
                    pending.Clear();
                    if (command.Length == 0)
                    {
                        continue;
                    }

                    var reply = await _processor.ExecuteAsync(command, session, cancellationToken);
                    if (reply is null)
                    {
                        return;
                    }

                    await WriteAsync(writer, reply, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _sessions.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private static async Task WriteAsync(StreamWriter writer, string reply, CancellationToken cancellationToken)
    {
        await writer.WriteAsync((reply + "\r\n").AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
