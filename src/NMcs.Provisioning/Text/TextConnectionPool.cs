using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Text;

/// <summary>
/// The connections to one text-speaking element: at most <see cref="NetworkElementOptions.PoolSize"/> open at once,
/// each logged in once when opened and reused after a clean reply. A connection that timed out, was dropped or
/// returned garbage is closed, never reused, so a late reply can never be read as the answer to the next command.
/// </summary>
internal sealed class TextConnectionPool : IDisposable
{
    private readonly NetworkElementOptions _options;
    private readonly ITextFraming _framing;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<TextConnection> _idle = new();
    private int _open;
    private volatile bool _disposed;

    /// <summary>Creates an empty pool; connections are opened on demand.</summary>
    public TextConnectionPool(NetworkElementOptions options, ITextFraming framing)
    {
        _options = options;
        _framing = framing;
        _slots = new SemaphoreSlim(options.PoolSize, options.PoolSize);
    }

    /// <summary>Connections open now (idle or carrying a command).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>
    /// Sends one command on a pooled connection and parses its reply with <paramref name="parse"/>. When
    /// <paramref name="parse"/> throws <see cref="NeTransportException"/>, the connection is discarded.
    /// </summary>
    /// <exception cref="NeTransportException">No usable answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (e.g. the command timeout).</exception>
    public async Task<T> ExecuteAsync<T>(string command, Func<TextReply, T> parse, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        TextConnection? connection = null;
        var reusable = false;
        try
        {
            connection = TakeIdle() ?? await OpenAsync(cancellationToken);
            var reply = await connection.SendAsync(command, _framing, cancellationToken);
            var result = parse(reply);
            reusable = true;
            return result;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new NeTransportException($"connection to {_options.Host}:{_options.Port} lost: {ex.Message}", ex);
        }
        finally
        {
            if (connection is not null)
            {
                if (reusable && !_disposed)
                {
                    _idle.Push(connection);
                }
                else
                {
                    Discard(connection);
                }
            }

            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            Discard(connection);
        }
    }

    private TextConnection? TakeIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            if (connection.IsIdleAndOpen)
            {
                return connection;
            }

            Discard(connection);
        }

        return null;
    }

    private async Task<TextConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        TextConnection? connection = null;
        try
        {
            connection = await TextConnection.OpenAsync(_options.Host, _options.Port, deadline.Token);
            Interlocked.Increment(ref _open);
            var user = _options.User ?? string.Empty;
            var reply = await connection.SendAsync(_framing.LoginCommand(user, _options.ResolvePassword() ?? string.Empty), _framing, deadline.Token);
            var code = _framing.ResultCode(reply.Lines);
            if (code != 0)
            {
                throw new NeTransportException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"login as '{user}' refused with code {code}; check User and Password (or PasswordEnv) of element '{_options.Id}'"));
            }

            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                Discard(connection);
            }

            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new NeTransportException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"connecting to {_options.Host}:{_options.Port} and logging in took longer than the connect timeout ({_options.ConnectTimeout.TotalMilliseconds} ms)"));
            }

            if (ex is SocketException socketError)
            {
                throw new NeTransportException($"cannot connect to {_options.Host}:{_options.Port}: {socketError.SocketErrorCode}", ex);
            }

            throw;
        }
    }

    private void Discard(TextConnection connection)
    {
        Interlocked.Decrement(ref _open);
        connection.Dispose();
    }
}
