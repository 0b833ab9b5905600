using System.Collections.Concurrent;
using System.Net.Sockets;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Tcp;

/// <summary>
/// Talks to a PGW/AAA-style element over raw TCP with length-prefixed <c>KEY=VALUE</c> frames. Keeps at most
/// <see cref="NetworkElementOptions.PoolSize"/> connections, each logged in once and used by one command at a time;
/// a connection that timed out, was dropped or returned garbage is discarded. One attempt per call: no usable answer
/// throws <see cref="NeTransportException"/>; a non-zero <c>CODE</c> (or a refused login) is <see cref="NeOutcome.Rejected"/>.
/// The element holds MSISDN, IMSI, APN, static IP and barring; a command's profile is left out.
/// </summary>
public sealed class TcpAdapter : INetworkElementAdapter
{
    // The element's "no such subscriber" result code (tools/NMcs.Simulators/README.md, TCP element result codes).
    private const int UnknownSubscriberCode = 3001;

    private readonly NetworkElementOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<TcpElementConnection> _idle = new();
    private readonly string? _password;
    private volatile bool _disposed;

    /// <summary>Creates the adapter; connections are opened on demand.</summary>
    /// <param name="options">The element: host, port, credentials, pool size and timeouts.</param>
    /// <param name="timeProvider">Clock for timeouts; the system clock when null.</param>
    public TcpAdapter(NetworkElementOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PoolSize < 1)
        {
            throw new ArgumentException($"PoolSize of element {options.Id} is {options.PoolSize}; it must be at least 1", nameof(options));
        }

        if (options.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port of element {options.Id} is {options.Port}; it must be 1..65535", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.PoolSize, options.PoolSize);
        _password = options.ResolvePassword();
    }

    /// <inheritdoc />
    public string ElementId => _options.Id;

    /// <summary>Connections open and idle in the pool now.</summary>
    public int IdleConnections => _idle.Count;

    /// <inheritdoc />
    public async Task<NeReply> ExecuteAsync(SubscriberCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (operation, fields) = Render(command);
        if (fields is null)
        {
            return new NeReply(ElementId, NeOutcome.Succeeded, 0, "nothing to change: the command holds no field this element keeps");
        }

        await _slots.WaitAsync(cancellationToken);
        TcpElementConnection? connection = null;
        try
        {
            connection = TakeIdle();
            if (connection is null)
            {
                (connection, var refused) = await OpenAsync(cancellationToken);
                if (refused is not null)
                {
                    return refused;
                }
            }

            using var deadline = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var (code, reply) = await ExchangeAsync(connection!, operation, fields, linked.Token, cancellationToken);
            var result = ToReply(command, code, reply);
            Return(connection!);
            connection = null;
            return result;
        }
        finally
        {
            connection?.Dispose();
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static (string Operation, List<KeyValuePair<string, string>>? Fields) Render(SubscriberCommand command)
    {
        var fields = new List<KeyValuePair<string, string>> { new("MSISDN", command.Msisdn) };
        switch (command.Action)
        {
            case SubscriberAction.Create:
                AddChanges(fields, command with { StaticIp = command.StaticIp is { Length: 0 } ? null : command.StaticIp });
                return ("CREATE", fields);
            case SubscriberAction.Modify:
                AddChanges(fields, command);
                return ("MODIFY", fields.Count > 1 ? fields : null);
            case SubscriberAction.Delete:
                return ("DELETE", fields);
            case SubscriberAction.Get:
                return ("GET", fields);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Action, "unknown subscriber action");
        }
    }

    private static void AddChanges(List<KeyValuePair<string, string>> fields, SubscriberCommand command)
    {
        if (command.Imsi is { } imsi)
        {
            fields.Add(new("IMSI", imsi));
        }

        if (command.Apn is { } apn)
        {
            fields.Add(new("APN", apn));
        }

        if (command.StaticIp is { } ip)
        {
            fields.Add(new("IP", ip));
        }

        if (command.Barred is { } barred)
        {
            fields.Add(new("BARRED", barred ? "true" : "false"));
        }
    }

    private NeReply ToReply(SubscriberCommand command, int code, Dictionary<string, string> reply)
    {
        var text = reply.GetValueOrDefault("TEXT") ?? string.Empty;
        if (code != 0)
        {
            return new NeReply(ElementId, NeOutcome.Rejected, code, text) { NoSuchSubscriber = code == UnknownSubscriberCode };
        }

        if (command.Action != SubscriberAction.Get)
        {
            return new NeReply(ElementId, NeOutcome.Succeeded, 0, text);
        }

        var barred = reply.GetValueOrDefault("BARRED");
        var subscriber = new NeSubscriber(
            reply.GetValueOrDefault("MSISDN") ?? command.Msisdn,
            reply.GetValueOrDefault("IMSI"),
            Profile: null,
            barred is null ? null : barred == "true",
            reply.GetValueOrDefault("APN"),
            reply.GetValueOrDefault("IP") is { Length: > 0 } ip ? ip : null);
        return new NeReply(ElementId, NeOutcome.Succeeded, 0, text, subscriber);
    }

    private TcpElementConnection? TakeIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            if (connection.IsUsable)
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    private void Return(TcpElementConnection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
            return;
        }

        _idle.Push(connection);
    }

    /// <summary>Connects (within the connect timeout) and logs in (within the command timeout).</summary>
    /// <returns>The connection, or a rejection when the login was refused.</returns>
    private async Task<(TcpElementConnection? Connection, NeReply? Refused)> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        using (var deadline = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                await client.ConnectAsync(_options.Host, _options.Port, linked.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                throw new NeTransportException($"could not connect to {ElementId} at {_options.Host}:{_options.Port} within {_options.ConnectTimeout.TotalMilliseconds} ms", e);
            }
            catch (SocketException e)
            {
                client.Dispose();
                throw new NeTransportException($"could not connect to {ElementId} at {_options.Host}:{_options.Port}: {e.Message}", e);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        var connection = new TcpElementConnection(client);
        try
        {
            using var deadline = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            KeyValuePair<string, string>[] login = [new("USER", _options.User ?? string.Empty), new("PASSWORD", _password ?? string.Empty)];
            var (code, reply) = await ExchangeAsync(connection, "LOGIN", login, linked.Token, cancellationToken);
            if (code != 0)
            {
                connection.Dispose();
                return (null, new NeReply(ElementId, NeOutcome.Rejected, code, $"login as '{_options.User}' refused: {reply.GetValueOrDefault("TEXT")}"));
            }

            return (connection, null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>One exchange, with every failure turned into <see cref="NeTransportException"/> (except the caller's cancellation).</summary>
    private async Task<(int Code, Dictionary<string, string> Fields)> ExchangeAsync(
        TcpElementConnection connection,
        string operation,
        IEnumerable<KeyValuePair<string, string>> fields,
        CancellationToken deadline,
        CancellationToken callerToken)
    {
        try
        {
            return await connection.ExchangeAsync(operation, fields, deadline);
        }
        catch (OperationCanceledException e) when (!callerToken.IsCancellationRequested)
        {
            throw new NeTransportException($"no answer from {ElementId} to {operation} within {_options.CommandTimeout.TotalMilliseconds} ms", e);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            throw new NeTransportException($"exchange with {ElementId} failed on {operation}: {e.Message}", e);
        }
    }
}
