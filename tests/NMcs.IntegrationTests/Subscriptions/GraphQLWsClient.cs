using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace NMcs.IntegrationTests.Subscriptions;

/// <summary>
/// A graphql-transport-ws test client over <see cref="ClientWebSocket"/>. A background loop reads every message:
/// server pings are answered with pong (and can be awaited with <see cref="ReceivePingAsync"/>), everything else is
/// queued for <see cref="ReceiveAsync"/>; the close frame completes <see cref="Closed"/>.
/// </summary>
internal sealed class GraphQLWsClient : IAsyncDisposable
{
    public const string Protocol = "graphql-transport-ws";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _pings = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<(WebSocketCloseStatus? Status, string? Reason)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _receiving = Task.CompletedTask;

    private GraphQLWsClient(ClientWebSocket socket) => _socket = socket;

    public string? SubProtocol => _socket.SubProtocol;

    /// <summary>Completes with the server's close code and reason.</summary>
    public Task<(WebSocketCloseStatus? Status, string? Reason)> Closed => _closed.Task;

    public static Uri EndpointOf(Uri baseAddress) => new UriBuilder(baseAddress) { Scheme = "ws", Path = "graphql" }.Uri;

    public static async Task<GraphQLWsClient> ConnectAsync(Uri baseAddress, string subProtocol = Protocol)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(subProtocol);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await socket.ConnectAsync(EndpointOf(baseAddress), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new GraphQLWsClient(socket);
        client._receiving = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>Connects, sends connection_init and expects connection_ack.</summary>
    public static async Task<GraphQLWsClient> ConnectAndInitAsync(Uri baseAddress)
    {
        var client = await ConnectAsync(baseAddress);
        await client.SendAsync(new { type = "connection_init", payload = new { } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack.Type());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    public async Task SendTextAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next message other than a server ping.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _messages.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException)
        {
            var closed = await Closed;
            throw new InvalidOperationException($"the server closed the socket ({(int?)closed.Status} {closed.Reason}) instead of sending a message.");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message from the server within {Timeout.TotalSeconds} s.");
        }
    }

    /// <summary>The next ping the server sent (already answered with pong).</summary>
    public async Task<JsonElement> ReceivePingAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _pings.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Waits for the server to close the socket; returns its close code and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> WaitClosedAsync() => await Closed.WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }

            await _receiving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
        }
        finally
        {
            _socket.Dispose();
            _sending.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult((_socket.CloseStatus, _socket.CloseStatusDescription));
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                    }

                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                using (var document = JsonDocument.Parse(message.ToArray()))
                {
                    var element = document.RootElement.Clone();
                    if (element.Type() == "ping")
                    {
                        await SendTextAsync("{\"type\":\"pong\"}");
                        _pings.Writer.TryWrite(element);
                    }
                    else
                    {
                        _messages.Writer.TryWrite(element);
                    }
                }

                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _closed.TrySetResult((null, "connection lost: " + e.Message));
        }
        finally
        {
            _messages.Writer.TryComplete();
            _pings.Writer.TryComplete();
        }
    }
}

/// <summary>Reading graphql-transport-ws messages.</summary>
internal static class GraphQLWsMessage
{
    public static string? Type(this JsonElement message) => message.GetProperty("type").GetString();

    public static string? Id(this JsonElement message) => message.TryGetProperty("id", out var id) ? id.GetString() : null;
}
