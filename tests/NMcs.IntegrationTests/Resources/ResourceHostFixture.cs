using System.Net;
using System.Text;
using System.Text.Json;
using NMcs.IntegrationTests.Http;

namespace NMcs.IntegrationTests.Resources;

/// <summary>A host on the test clock (2026-03-01) with customers RES-A and RES-B.</summary>
public sealed class ResourceHostFixture() : HostFixture(HostOptions.WithTestClock)
{
    protected override async Task SeedAsync(HostProcess host)
    {
        await host.QueryAsync("""
            mutation {
              a: createCustomer(input: { id: "RES-A", name: "Resource A GmbH", currency: "EUR", timeZone: "UTC" }) { id }
              b: createCustomer(input: { id: "RES-B", name: "Resource B GmbH", currency: "EUR", timeZone: "UTC" }) { id }
            }
            """);
    }
}

/// <summary>GraphQL calls that send the <c>X-NMcs-Actor</c> header.</summary>
internal static class ActorRequests
{
    /// <summary>POSTs a document as <paramref name="actor"/> (no header when null) and returns the whole body.</summary>
    public static async Task<JsonElement> SendAsync(this HostProcess host, string? actor, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("graphql", UriKind.Relative));
        request.Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json");
        if (actor is not null)
        {
            request.Headers.Add("X-NMcs-Actor", actor);
        }

        var result = await host.SendGraphQLAsync(request);
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return body.RootElement.Clone();
    }

    /// <summary>Runs a document that must succeed as <paramref name="actor"/>; returns <c>data</c>.</summary>
    public static async Task<JsonElement> AsAsync(this HostProcess host, string? actor, string query, object? variables = null)
    {
        var root = await host.SendAsync(actor, query, variables);
        if (root.TryGetProperty("errors", out _))
        {
            throw host.Failure($"GraphQL request failed:\n{query}\n→ {root.GetRawText()}");
        }

        return root.GetProperty("data");
    }

    /// <summary>Runs a document that must be refused; returns (code, field, message) of the first error.</summary>
    public static async Task<(string? Code, string? Field, string Message)> RefusedAsync(this HostProcess host, string? actor, string query, object? variables = null)
    {
        var root = await host.SendAsync(actor, query, variables);
        if (!root.TryGetProperty("errors", out var errors))
        {
            throw host.Failure($"expected a refusal:\n{query}\n→ {root.GetRawText()}");
        }

        var first = errors[0];
        var extensions = first.TryGetProperty("extensions", out var e) ? e : default;
        string? Get(string name) => extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty(name, out var v) ? v.GetString() : null;
        return (Get("code"), Get("field"), first.GetProperty("message").GetString()!);
    }
}
