using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Api.Documents;
using NMcs.Api.GraphQL;
using NMcs.Api.Http;
using NMcs.Api.Ingestion;
using NMcs.Storage;
using Prometheus;

namespace NMcs.Api;

/// <summary>Registers and maps the HTTP surface: GraphQL, usage ingestion, health and metrics.</summary>
public static class NMcsApiExtensions
{
    /// <summary>Maximum selection depth of a GraphQL document.</summary>
    public const int MaxDepth = 12;

    /// <summary>Maximum complexity of a GraphQL document.</summary>
    public const int MaxComplexity = 5_000;

    /// <summary>Registers the GraphQL schema and its executer.</summary>
    public static IServiceCollection AddNMcsApi(this IServiceCollection services)
    {
        services.AddGraphQL(builder => builder
            .AddSchema<NMcsSchema>()
            .AddGraphTypes(typeof(NMcsSchema).Assembly)
            .AddSystemTextJson(json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider<NMcsErrorInfoProvider>()
            .UseMiddleware<DomainErrorMiddleware>()
            .AddComplexityAnalyzer(options =>
            {
                options.MaxDepth = MaxDepth;
                options.MaxComplexity = MaxComplexity;
            }));
        services.AddNMcsIngestion();
        services.AddOptions<GraphQLWebSocketOptions>().BindConfiguration(GraphQLWebSocketOptions.Section);
        return services;
    }

    /// <summary>
    /// Maps <c>/graphql</c> (HTTP, and WebSocket with graphql-transport-ws: the host must use the WebSocket
    /// middleware), <c>/ingest/usage</c>, <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapNMcsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/graphql", ["GET", "POST", "PUT", "DELETE", "PATCH"], (Delegate)GraphQLWebSocketEndpoint.HandleAsync);
        endpoints.MapPost("/ingest/usage", (Delegate)UsageIngestionEndpoint.HandleAsync);
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", async (NMcsDatabase database, IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = NMcsDatabase.Command(connection, null, "SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                await grains.GetGrain<NMcs.Abstractions.Grains.ICustomerGrain>("readiness-probe").GetInfo().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return Results.Text("ready\n");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Text("not ready: " + e.Message + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        endpoints.MapMetrics("/metrics");
        endpoints.MapInvoiceDocuments();
        return endpoints;
    }
}
