namespace NMcs.Api.Http;

/// <summary>The <c>type</c> values of graphql-transport-ws messages.</summary>
public static class GraphQLWebSocketMessageType
{
    /// <summary>Client → server: opens the connection within the socket.</summary>
    public const string ConnectionInit = "connection_init";

    /// <summary>Server → client: the connection is open; operations may be sent.</summary>
    public const string ConnectionAck = "connection_ack";

    /// <summary>Both ways: asks for a <c>pong</c>.</summary>
    public const string Ping = "ping";

    /// <summary>Both ways: answers a <c>ping</c> (or a heartbeat of its own).</summary>
    public const string Pong = "pong";

    /// <summary>Client → server: runs an operation under a client-chosen id.</summary>
    public const string Subscribe = "subscribe";

    /// <summary>Server → client: one result of an operation.</summary>
    public const string Next = "next";

    /// <summary>Server → client: the operation failed before it produced results (e.g. validation); nothing follows.</summary>
    public const string Error = "error";

    /// <summary>Both ways: the operation is done (server), or the client stops listening (client).</summary>
    public const string Complete = "complete";
}
