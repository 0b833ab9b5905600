namespace NMcs.Api.Http;

/// <summary>Settings of the GraphQL WebSocket transport (configuration section <c>NMcs:GraphQL:WebSocket</c>).</summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NMcs:GraphQL:WebSocket";

    /// <summary>How long a new socket may wait before sending <c>connection_init</c>; then it is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the server sends a <c>ping</c> message to an acknowledged client; zero turns it off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Messages that may wait to be sent to one socket. A client that falls this far behind is disconnected rather
    /// than slowing the event stream down for everyone.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 1_000;

    /// <summary>Largest message a client may send, in bytes; a larger one closes the socket with 4400.</summary>
    public int MaxMessageBytes { get; set; } = 1 << 20;

    /// <summary>How long the server waits for the client's close frame after sending its own.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
