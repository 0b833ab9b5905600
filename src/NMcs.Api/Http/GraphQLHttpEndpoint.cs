using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using NMcs.Api.GraphQL;

namespace NMcs.Api.Http;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with an <c>application/json</c> body, or GET with query
/// parameters for queries only. Answers <c>application/graphql-response+json</c> unless the client accepts only
/// <c>application/json</c>; with the former, a request that fails before execution (unparsable JSON or document,
/// validation errors) gets 400.
/// </summary>
public static class GraphQLHttpEndpoint
{
    private const string GraphQLResponse = "application/graphql-response+json";
    private const string Json = "application/json";
    private const long MaxBodyBytes = 1 << 20;

    /// <summary>Handles one request.</summary>
    public static async Task HandleAsync(HttpContext http, IDocumentExecuter<NMcsSchema> executer, IGraphQLTextSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(executer);
        ArgumentNullException.ThrowIfNull(serializer);
        var mediaType = ChooseMediaType(http.Request.Headers.Accept);
        if (mediaType is null)
        {
            await RequestErrorAsync(http, serializer, StatusCodes.Status406NotAcceptable, Json, "Accept must allow application/graphql-response+json or application/json.");
            return;
        }

        GraphQLRequest? request;
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (isGet)
        {
            request = ReadGet(http.Request.Query, serializer, out var problem);
            if (problem is not null)
            {
                await RequestErrorAsync(http, serializer, StatusCodes.Status400BadRequest, mediaType, problem);
                return;
            }
        }
        else if (HttpMethods.IsPost(http.Request.Method))
        {
            var contentType = http.Request.ContentType ?? string.Empty;
            if (!contentType.StartsWith(Json, StringComparison.OrdinalIgnoreCase))
            {
                await RequestErrorAsync(http, serializer, StatusCodes.Status415UnsupportedMediaType, mediaType, "Content-Type must be application/json.");
                return;
            }

            if (http.Request.ContentLength > MaxBodyBytes)
            {
                await RequestErrorAsync(http, serializer, StatusCodes.Status413PayloadTooLarge, mediaType, $"request body exceeds {MaxBodyBytes} bytes.");
                return;
            }

            try
            {
                request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
            }
            catch (Exception e) when (e is JsonException or global::GraphQL.Execution.InvalidOperationError or InvalidOperationException or FormatException)
            {
                await RequestErrorAsync(http, serializer, StatusCodes.Status400BadRequest, mediaType, "request body is not valid JSON: " + e.Message);
                return;
            }
        }
        else
        {
            http.Response.Headers.Allow = "GET, POST";
            await RequestErrorAsync(http, serializer, StatusCodes.Status405MethodNotAllowed, mediaType, "use GET or POST.");
            return;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            await RequestErrorAsync(http, serializer, StatusCodes.Status400BadRequest, mediaType, "the request has no 'query'; send {\"query\": \"{ ... }\"}.");
            return;
        }

        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = request.Query;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.OperationName = request.OperationName;
            options.RequestServices = http.RequestServices;
            options.UserContext[RequestActor.ContextKey] = RequestActor.From(http.Request);
            options.CancellationToken = http.RequestAborted;

            // Subscriptions stream over the WebSocket transport only (GraphQLWebSocketEndpoint).
            options.ValidationRules = global::GraphQL.Validation.DocumentValidator.CoreRules.Append(new SubscriptionOverHttpValidationRule());
            if (isGet)
            {
                // GET must not change state: only query operations may run.
                options.ValidationRules = options.ValidationRules.Append(new QueryOnlyValidationRule());
            }
        });

        var status = StatusCodes.Status200OK;
        if (mediaType == GraphQLResponse && !result.Executed)
        {
            status = result.Errors?.Any(e => e.Code == QueryOnlyValidationRule.Code) == true
                ? StatusCodes.Status405MethodNotAllowed
                : StatusCodes.Status400BadRequest;
        }

        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            http.Response.Headers.Allow = "POST";
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static GraphQLRequest? ReadGet(IQueryCollection query, IGraphQLTextSerializer serializer, out string? problem)
    {
        problem = null;
        var request = new GraphQLRequest
        {
            Query = query["query"].ToString(),
            OperationName = query.TryGetValue("operationName", out var name) ? name.ToString() : null,
        };
        if (query.TryGetValue("variables", out var variables) && !StringValues.IsNullOrEmpty(variables))
        {
            try
            {
                request.Variables = serializer.Deserialize<Inputs>(variables.ToString());
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                problem = "the 'variables' parameter is not a JSON object: " + e.Message;
            }
        }

        return request;
    }

    private static string? ChooseMediaType(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return GraphQLResponse;
        }

        var values = accept.ToString();
        if (values.Contains(GraphQLResponse, StringComparison.OrdinalIgnoreCase) || values.Contains("*/*", StringComparison.Ordinal) || values.Contains("application/*", StringComparison.OrdinalIgnoreCase))
        {
            return GraphQLResponse;
        }

        return values.Contains(Json, StringComparison.OrdinalIgnoreCase) ? Json : null;
    }

    private static async Task RequestErrorAsync(HttpContext http, IGraphQLTextSerializer serializer, int status, string mediaType, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = "BAD_REQUEST" });
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
