using Prometheus;

namespace NMcs.Api.Http;

/// <summary>Prometheus metrics of the GraphQL WebSocket transport.</summary>
public static class GraphQLWebSocketMetrics
{
    /// <summary>Open graphql-transport-ws sockets on this host.</summary>
    public static readonly Gauge Connections = Metrics.CreateGauge(
        "nmcs_graphql_websocket_connections", "Open GraphQL WebSocket (graphql-transport-ws) connections.");

    /// <summary>Subscriptions streaming on this host.</summary>
    public static readonly Gauge Subscriptions = Metrics.CreateGauge(
        "nmcs_graphql_subscriptions", "GraphQL subscriptions streaming over WebSocket.");

    /// <summary>Clients dropped because they let their send queue fill up.</summary>
    public static readonly Counter SlowClientsDropped = Metrics.CreateCounter(
        "nmcs_graphql_websocket_slow_clients_dropped_total", "GraphQL WebSocket clients disconnected because they read too slowly.");
}
