using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NMcs.Bench;

/// <summary>Minimal GraphQL-over-HTTP client: POST <c>{"query": ...}</c> to <c>/graphql</c>, fail on any error.</summary>
internal sealed class GraphQLClient(HttpClient http)
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    /// <summary>Runs a document; returns its <c>data</c> object, or throws with the first error.</summary>
    public async Task<JsonElement> ExecuteAsync(string document, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["query"] = document });
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(AcceptJson);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var json = JsonDocument.Parse(text);
        if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            throw new InvalidOperationException(
                $"GraphQL error ({errors.GetArrayLength()} in all; HTTP {(int)response.StatusCode}): {errors[0].GetRawText()}\ndocument starts: {Truncate(document, 400)}");
        }

        if (!response.IsSuccessStatusCode || !json.RootElement.TryGetProperty("data", out var data))
        {
            throw new InvalidOperationException($"GraphQL HTTP {(int)response.StatusCode}: {Truncate(Encoding.UTF8.GetString(text), 400)}");
        }

        return data.Clone();
    }

    /// <summary>A GraphQL string literal.</summary>
    public static string Literal(string value) => JsonSerializer.Serialize(value);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
