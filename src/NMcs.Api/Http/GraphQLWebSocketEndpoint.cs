using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NMcs.Api.GraphQL;

namespace NMcs.Api.Http;

/// <summary>
/// <c>/graphql</c>: a WebSocket upgrade asking for the <c>graphql-transport-ws</c> subprotocol (the protocol of the
/// graphql-ws library) gets a <see cref="GraphQLWebSocketConnection"/>; a WebSocket upgrade asking for anything else
/// is refused with 400; every other request goes to <see cref="GraphQLHttpEndpoint"/>.
/// </summary>
public static class GraphQLWebSocketEndpoint
{
    /// <summary>The only WebSocket subprotocol served.</summary>
    public const string SubProtocol = "graphql-transport-ws";

    /// <summary>The error code of a refused subprotocol.</summary>
    public const string UnsupportedSubProtocolCode = "UNSUPPORTED_SUBPROTOCOL";

    /// <summary>Handles one request.</summary>
    public static async Task HandleAsync(HttpContext http, IDocumentExecuter<NMcsSchema> executer, IGraphQLTextSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(serializer);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await GraphQLHttpEndpoint.HandleAsync(http, executer, serializer);
            return;
        }

        var requested = http.WebSockets.WebSocketRequestedProtocols;
        if (!requested.Contains(SubProtocol, StringComparer.Ordinal))
        {
            // Refused before the upgrade: a client that cannot speak the protocol gets an answer it can show.
            var message = requested.Count == 0
                ? $"a WebSocket on /graphql needs the subprotocol '{SubProtocol}' (header Sec-WebSocket-Protocol: {SubProtocol})."
                : $"WebSocket subprotocol {string.Join(", ", requested.Select(p => "'" + p + "'"))} is not served; use '{SubProtocol}' (the graphql-ws library's protocol; the legacy 'graphql-ws' protocol of subscriptions-transport-ws is not supported).";
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "application/json; charset=utf-8";
            var refusal = new ExecutionResult { Executed = false };
            refusal.AddError(new ExecutionError(message) { Code = UnsupportedSubProtocolCode });
            await serializer.WriteAsync(http.Response.Body, refusal, http.RequestAborted);
            return;
        }

        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<GraphQLWebSocketOptions>>().Value;
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var logger = services.GetRequiredService<ILogger<GraphQLWebSocketConnection>>();
        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        using var connection = new GraphQLWebSocketConnection(socket, http, executer, serializer, options, logger);
        await connection.RunAsync(stopping);
    }
}
