using System.Net.WebSockets;

namespace NMcs.Api.Http;

/// <summary>Close codes of the graphql-transport-ws protocol.</summary>
public static class GraphQLWebSocketCloseCode
{
    /// <summary>A message that is not valid JSON or not a message of the protocol.</summary>
    public const WebSocketCloseStatus BadRequest = (WebSocketCloseStatus)4400;

    /// <summary>A <c>subscribe</c> before the connection was acknowledged.</summary>
    public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;

    /// <summary>No <c>connection_init</c> within the timeout.</summary>
    public const WebSocketCloseStatus ConnectionInitialisationTimeout = (WebSocketCloseStatus)4408;

    /// <summary>A <c>subscribe</c> with the id of an operation still running.</summary>
    public const WebSocketCloseStatus SubscriberAlreadyExists = (WebSocketCloseStatus)4409;

    /// <summary>A second <c>connection_init</c>.</summary>
    public const WebSocketCloseStatus TooManyInitialisationRequests = (WebSocketCloseStatus)4429;
}
