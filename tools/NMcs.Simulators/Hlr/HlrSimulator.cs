using System.Net.Sockets;
using System.Text;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Net;

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
    private readonly LoopbackTcpServer _server;

    /// <summary>Creates a stopped simulator that accepts one operator account.</summary>
    /// <param name="user">Accepted user name.</param>
    /// <param name="password">Accepted password.</param>
    public HlrSimulator(string user = "nmcs", string password = "nmcs")
    {
        _processor = new HlrCommandProcessor(_table, new HlrCredentials(user, password), Faults);
        _server = new LoopbackTcpServer(ServeAsync);
    }

    /// <summary>Fault injection control; faults hit commands of every session in arrival order.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>The bound port, known after <see cref="StartAsync"/>.</summary>
    public int Port => _server.Port;

    /// <summary>Snapshot of the subscriber table, ordered by MSISDN.</summary>
    public IReadOnlyList<HlrSubscriber> Subscribers => _table.Snapshot();

    /// <summary>Binds 127.0.0.1 and starts accepting sessions.</summary>
    /// <param name="port">Port to bind; 0 picks an ephemeral one.</param>
    /// <returns>A completed task once listening.</returns>
    public Task StartAsync(int port = 0)
    {
        _server.Start(port);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes every session and waits for them to end.</summary>
    /// <returns>A task completing when all sessions are closed.</returns>
    public Task StopAsync() => _server.StopAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
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

    private static async Task WriteAsync(StreamWriter writer, string reply, CancellationToken cancellationToken)
    {
        await writer.WriteAsync((reply + "\r\n").AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
