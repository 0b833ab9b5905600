using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NMcs.Api.GraphQL;
using Prometheus;

namespace NMcs.Api.Http;

/// <summary>
/// One socket speaking graphql-transport-ws: <c>connection_init</c> within the timeout (else 4408), then any number
/// of concurrent operations keyed by the client's ids. Subscriptions stream <c>next</c> messages until the client
/// sends <c>complete</c> or the stream ends (the server sends <c>complete</c>); queries and mutations answer one
/// <c>next</c> and <c>complete</c>; requests that fail validation answer <c>error</c>. Everything the server sends
/// goes through one bounded queue drained by one writer, so producers (event streams) never wait for the client: a
/// client that lets the queue fill up is disconnected.
/// </summary>
public sealed partial class GraphQLWebSocketConnection : IDisposable
{
    private const int ReceiveChunkBytes = 16 * 1024;
    private const int MaxCloseReasonBytes = 123;
    private const string AckMessage = "{\"type\":\"" + GraphQLWebSocketMessageType.ConnectionAck + "\"}";
    private const string PingMessage = "{\"type\":\"" + GraphQLWebSocketMessageType.Ping + "\"}";
    private const string PongMessage = "{\"type\":\"" + GraphQLWebSocketMessageType.Pong + "\"}";

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly IDocumentExecuter<NMcsSchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly GraphQLWebSocketOptions _options;
    private readonly ILogger<GraphQLWebSocketConnection> _logger;
    private readonly Channel<string> _outgoing;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _ended = new();
    private readonly CancellationTokenSource _receiving;
    private int _initReceived;
    private volatile bool _acknowledged;
    private int _closeRequested;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = string.Empty;

    /// <summary>Wraps an accepted socket.</summary>
    public GraphQLWebSocketConnection(
        WebSocket socket,
        HttpContext http,
        IDocumentExecuter<NMcsSchema> executer,
        IGraphQLTextSerializer serializer,
        GraphQLWebSocketOptions options,
        ILogger<GraphQLWebSocketConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _socket = socket;
        _http = http;
        _executer = executer;
        _serializer = serializer;
        _options = options;
        _logger = logger;
        _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(1, options.SendQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _receiving = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    }

    /// <summary>Runs the protocol until either side closes the socket or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var onStopping = stopping.Register(() => RequestClose(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down"));
        using var open = GraphQLWebSocketMetrics.Connections.TrackInProgress();
        var writer = WriteAsync();
        var timers = Task.WhenAll(CloseUnlessInitialisedAsync(), KeepAliveAsync());
        try
        {
            await ReceiveAsync();
        }
        finally
        {
            await _ended.CancelAsync();
            foreach (var operation in _operations.Values)
            {
                operation.Stop();
            }

            _operations.Clear();
            RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty);
            try
            {
                await writer.WaitAsync(_options.CloseTimeout, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                _socket.Abort();
                await writer;
            }

            await timers;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ended.Dispose();
        _receiving.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[ReceiveChunkBytes];
        using var message = new MemoryStream();
        while (true)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer.AsMemory(), _receiving.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The client went away, or did not answer the server's close in time.
                return;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (Volatile.Read(ref _closeRequested) != 0)
            {
                // Closing: only the client's close frame matters now.
                continue;
            }

            if (message.Length + received.Count > _options.MaxMessageBytes)
            {
                RequestClose(GraphQLWebSocketCloseCode.BadRequest, $"message larger than {_options.MaxMessageBytes} bytes");
                continue;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                RequestClose(GraphQLWebSocketCloseCode.BadRequest, "binary messages are not part of the protocol; send JSON text");
            }
            else
            {
                Handle(message.GetBuffer().AsMemory(0, (int)message.Length));
            }

            message.SetLength(0);
        }
    }

    private void Handle(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            RequestClose(GraphQLWebSocketCloseCode.BadRequest, "message is not valid JSON");
            return;
        }

        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("type", out var typeProperty)
                || typeProperty.ValueKind != JsonValueKind.String)
            {
                RequestClose(GraphQLWebSocketCloseCode.BadRequest, "message must be a JSON object with a string 'type'");
                return;
            }

            var type = typeProperty.GetString();
            switch (type)
            {
                case GraphQLWebSocketMessageType.ConnectionInit:
                    if (!IsOptionalObject(message, "payload"))
                    {
                        RequestClose(GraphQLWebSocketCloseCode.BadRequest, "connection_init 'payload' must be an object");
                    }
                    else if (Interlocked.Exchange(ref _initReceived, 1) != 0)
                    {
                        RequestClose(GraphQLWebSocketCloseCode.TooManyInitialisationRequests, "Too many initialisation requests");
                    }
                    else
                    {
                        _acknowledged = true;
                        Send(AckMessage);
                    }

                    break;
                case GraphQLWebSocketMessageType.Ping:
                    Send(PongMessage);
                    break;
                case GraphQLWebSocketMessageType.Pong:
                    break;
                case GraphQLWebSocketMessageType.Subscribe:
                    Subscribe(message);
                    break;
                case GraphQLWebSocketMessageType.Complete:
                    if (!TryGetId(message, out var id))
                    {
                        RequestClose(GraphQLWebSocketCloseCode.BadRequest, "complete needs a non-empty string 'id'");
                    }
                    else if (_operations.TryRemove(id, out var operation))
                    {
                        // The client stopped listening: nothing more is sent for this id, not even complete.
                        operation.Stop();
                    }

                    break;
                default:
                    RequestClose(GraphQLWebSocketCloseCode.BadRequest, $"unknown message type '{type}'");
                    break;
            }
        }
    }

    private void Subscribe(JsonElement message)
    {
        if (!_acknowledged)
        {
            RequestClose(GraphQLWebSocketCloseCode.Unauthorized, "Unauthorized");
            return;
        }

        if (!TryGetId(message, out var id))
        {
            RequestClose(GraphQLWebSocketCloseCode.BadRequest, "subscribe needs a non-empty string 'id'");
            return;
        }

        if (!message.TryGetProperty("payload", out var payload)
            || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query)
            || query.ValueKind != JsonValueKind.String)
        {
            RequestClose(GraphQLWebSocketCloseCode.BadRequest, "subscribe needs a 'payload' object with a 'query' string");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = _serializer.ReadNode<GraphQLRequest>(payload);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            RequestClose(GraphQLWebSocketCloseCode.BadRequest, "subscribe payload is not a GraphQL request");
            return;
        }

        var operation = new Operation(id);
        if (!_operations.TryAdd(id, operation))
        {
            RequestClose(GraphQLWebSocketCloseCode.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }

        _ = ExecuteAsync(operation, request!);
    }

    private async Task ExecuteAsync(Operation operation, GraphQLRequest request)
    {
        try
        {
            var result = await _executer.ExecuteAsync(options =>
            {
                options.Query = request.Query;
                options.Variables = request.Variables;
                options.Extensions = request.Extensions;
                options.OperationName = request.OperationName;
                options.RequestServices = _http.RequestServices;
                options.User = _http.User;
                options.UserContext[RequestActor.ContextKey] = RequestActor.From(_http.Request);
                options.CancellationToken = operation.Token;
            });

            if (!result.Executed)
            {
                Fail(operation, result.Errors);
            }
            else if (result.Operation?.Operation == OperationType.Subscription)
            {
                var stream = result.Streams?.Values.FirstOrDefault();
                if (stream is null)
                {
                    Fail(operation, result.Errors);
                }
                else
                {
                    operation.Attach(stream.Subscribe(new OperationObserver(this, operation)), GraphQLWebSocketMetrics.Subscriptions.TrackInProgress());
                }
            }
            else
            {
                SendNext(operation, result);
                Finish(operation);
            }
        }
        catch (OperationCanceledException) when (operation.Token.IsCancellationRequested)
        {
            // The client completed the operation, or the socket closed.
        }
#pragma warning disable CA1031 // one failing operation answers an error; the socket and its other operations go on
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogOperationFailed(_logger, operation.Id, e);
            Fail(operation, [new ExecutionError("the operation failed on the server") { Code = "INTERNAL_ERROR" }]);
        }
    }

    private void SendNext(Operation operation, ExecutionResult result)
    {
        if (operation.IsActive)
        {
            Send(Serialize(GraphQLWebSocketMessageType.Next, operation.Id, result));
        }
    }

    private void Finish(Operation operation)
    {
        if (TryEnd(operation))
        {
            Send(Serialize(GraphQLWebSocketMessageType.Complete, operation.Id, null));
        }
    }

    private void Fail(Operation operation, IEnumerable<ExecutionError>? errors)
    {
        if (TryEnd(operation))
        {
            Send(Serialize(GraphQLWebSocketMessageType.Error, operation.Id, errors?.ToArray() ?? []));
        }
    }

    private bool TryEnd(Operation operation)
    {
        _operations.TryRemove(KeyValuePair.Create(operation.Id, operation));
        return operation.Stop();
    }

    private string Serialize(string type, string id, object? payload) =>
        _serializer.Serialize(new OperationMessage { Type = type, Id = id, Payload = payload });

    private void Send(string message)
    {
        if (_outgoing.Writer.TryWrite(message) || Volatile.Read(ref _closeRequested) != 0)
        {
            return;
        }

        // The client reads more slowly than events arrive: drop the connection rather than hold up the producers.
        // A close frame would queue behind the unread messages, so the socket is aborted.
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        LogSlowClient(_logger, _options.SendQueueCapacity);
        GraphQLWebSocketMetrics.SlowClientsDropped.Inc();
        _outgoing.Writer.TryComplete();
        _socket.Abort();
        try
        {
            _receiving.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection has ended already.
        }
    }

    private void RequestClose(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = Truncate(reason);
        _outgoing.Writer.TryComplete();
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync())
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone.
        }
        finally
        {
            // Wait a little for the client's close frame, then stop receiving.
            _receiving.CancelAfter(_options.CloseTimeout);
        }
    }

    private async Task CloseUnlessInitialisedAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _ended.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (Volatile.Read(ref _initReceived) == 0)
        {
            RequestClose(GraphQLWebSocketCloseCode.ConnectionInitialisationTimeout, "Connection initialisation timeout");
        }
    }

    private async Task KeepAliveAsync()
    {
        if (_options.KeepAliveInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_ended.Token))
            {
                if (_acknowledged)
                {
                    Send(PingMessage);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool TryGetId(JsonElement message, out string id)
    {
        id = message.TryGetProperty("id", out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() ?? string.Empty : string.Empty;
        return id.Length > 0;
    }

    private static bool IsOptionalObject(JsonElement message, string name) =>
        !message.TryGetProperty(name, out var property) || property.ValueKind is JsonValueKind.Object or JsonValueKind.Null;

    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxCloseReasonBytes)
        {
            return reason;
        }

        var length = reason.Length;
        while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxCloseReasonBytes - 3)
        {
            length--;
        }

        return string.Concat(reason.AsSpan(0, length), "…");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL WebSocket operation {OperationId} failed")]
    private static partial void LogOperationFailed(ILogger logger, string operationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL WebSocket client dropped: {Capacity} messages were waiting to be sent")]
    private static partial void LogSlowClient(ILogger logger, int capacity);

    /// <summary>One running operation: its cancellation and, for a subscription, its event stream.</summary>
#pragma warning disable CA1001 // the token source is only cancelled (no timer, no wait handle), and execution code may still hold its token
    private sealed class Operation(string id)
#pragma warning restore CA1001
    {
        private readonly CancellationTokenSource _cancellation = new();
        private IDisposable? _stream;
        private IDisposable? _tracking;
        private int _stopped;

        public string Id { get; } = id;

        public CancellationToken Token => _cancellation.Token;

        public bool IsActive => Volatile.Read(ref _stopped) == 0;

        /// <summary>Keeps a subscription's event stream (and its gauge) until the operation stops.</summary>
        public void Attach(IDisposable stream, IDisposable tracking)
        {
            Interlocked.Exchange(ref _tracking, tracking);
            Interlocked.Exchange(ref _stream, stream);
            if (!IsActive)
            {
                Interlocked.Exchange(ref _stream, null)?.Dispose();
                Interlocked.Exchange(ref _tracking, null)?.Dispose();
            }
        }

        /// <summary>Stops the operation; true for the call that stopped it.</summary>
        public bool Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return false;
            }

            _cancellation.Cancel();
            Interlocked.Exchange(ref _stream, null)?.Dispose();
            Interlocked.Exchange(ref _tracking, null)?.Dispose();
            return true;
        }
    }

    private sealed class OperationObserver(GraphQLWebSocketConnection connection, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => connection.SendNext(operation, value);

        public void OnError(Exception error) =>
            connection.Fail(operation, [error as ExecutionError ?? new ExecutionError("the event stream failed") { Code = "INTERNAL_ERROR" }]);

        public void OnCompleted() => connection.Finish(operation);
    }
}
