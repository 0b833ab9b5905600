using System.Net;
using System.Text;
using System.Text.Json;
using NMcs.Api;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// GraphQL over HTTP as the host serves it (GraphQL-over-HTTP spec): media types, status codes, GET for queries
/// only, depth limit, introspection; plus health and the test-clock guard on a host running the system clock.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class TransportTests(SystemClockHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<SystemClockHostFixture>
{
    private const string Json = "application/json";

    [Fact]
    public async Task Post_accepting_graphql_response_json_is_answered_in_that_media_type()
    {
        var result = await Host.PostGraphQLAsync("{ clock { now testClock } }", accept: HostProcess.GraphQLResponseMediaType);
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(HostProcess.GraphQLResponseMediaType, result.MediaType);
        Assert.False(body.RootElement.At("data", "clock", "testClock").GetBoolean());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Document_with_a_syntax_error_is_400_with_errors_and_no_data()
    {
        var result = await Host.PostGraphQLAsync("{ clock { now ");
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(HostProcess.GraphQLResponseMediaType, result.MediaType);
        var errors = body.RootElement.At("errors");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Equal("SYNTAX_ERROR", Assert.Single(errors.EnumerateArray()).Str("extensions", "code"));
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Get_with_a_query_is_200_with_data()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative("graphql?query=" + Uri.EscapeDataString("{clock{now}}")));
        var result = await Host.SendGraphQLAsync(request);
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var now = body.RootElement.At("data", "clock", "now").GetDateTimeOffset();
        Assert.True((now - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(5), $"system clock expected, got {now:O}");
    }

    [Fact]
    public async Task Get_with_a_mutation_is_refused_and_not_executed()
    {
        using var request = GetMutation("GET-CO");
        var result = await Host.SendGraphQLAsync(request);
        using var body = result.Body;
        Assert.True((int)result.Status is >= 400 and < 500, $"expected a 4xx refusal, got {(int)result.Status}");
        var error = Assert.Single(body.RootElement.At("errors").EnumerateArray());
        Assert.Contains("must use POST", error.Str("message"), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
        var customer = await Host.QueryAsync("{ customer(id: \"GET-CO\") { id } }");
        Assert.Equal(JsonValueKind.Null, customer.At("customer").ValueKind);
    }

    [Fact]
    public async Task Get_with_a_mutation_is_405_with_Allow_POST()
    {
        using var request = GetMutation("GET-CO-405");
        var result = await Host.SendGraphQLAsync(request);
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.MethodNotAllowed, result.Status);
        Assert.Equal(["POST"], result.Allow);
        Assert.NotEmpty(body.RootElement.At("errors").EnumerateArray());
    }

    [Fact]
    public async Task Put_is_405_with_Allow_GET_POST()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Relative("graphql"))
        {
            Content = new StringContent("{\"query\":\"{ clock { now } }\"}", Encoding.UTF8, Json),
        };
        var result = await Host.SendGraphQLAsync(request);
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.MethodNotAllowed, result.Status);
        Assert.Equal(["GET", "POST"], result.Allow);
        Assert.NotEmpty(body.RootElement.At("errors").EnumerateArray());
    }

    [Fact]
    public async Task Post_with_text_plain_content_type_is_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Relative("graphql"))
        {
            Content = new StringContent("{\"query\":\"{ clock { now } }\"}", Encoding.UTF8, "text/plain"),
        };
        var result = await Host.SendGraphQLAsync(request);
        using var body = result.Body;
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, result.Status);
        Assert.Contains("application/json", Assert.Single(body.RootElement.At("errors").EnumerateArray()).Str("message"), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Accepting_only_application_json_gets_application_json_and_200_even_for_a_validation_error()
    {
        var ok = await Host.PostGraphQLAsync("{ clock { now } }", accept: Json);
        ok.Body.Dispose();
        Assert.Equal((HttpStatusCode.OK, Json), (ok.Status, ok.MediaType));

        var invalid = await Host.PostGraphQLAsync("{ noSuchField }", accept: Json);
        using var body = invalid.Body;
        Assert.Equal((HttpStatusCode.OK, Json), (invalid.Status, invalid.MediaType));
        var error = Assert.Single(body.RootElement.At("errors").EnumerateArray());
        Assert.Contains("noSuchField", error.Str("message"), StringComparison.Ordinal);

        // The same document accepting graphql-response+json is a 400.
        var strict = await Host.PostGraphQLAsync("{ noSuchField }");
        strict.Body.Dispose();
        Assert.Equal(HttpStatusCode.BadRequest, strict.Status);
    }

    [Fact]
    public async Task Query_deeper_than_MaxDepth_is_refused_and_one_at_the_limit_runs()
    {
        // __type(...) is depth 1, each ofType adds one, name is the last level.
        static string Nested(int depth)
        {
            var inner = "name";
            for (var i = 0; i < depth - 2; i++)
            {
                inner = "ofType { " + inner + " }";
            }

            return "{ __type(name: \"Query\") { " + inner + " } }";
        }

        var atLimit = await Host.PostGraphQLAsync(Nested(NMcsApiExtensions.MaxDepth));
        using (var body = atLimit.Body)
        {
            Assert.Equal(HttpStatusCode.OK, atLimit.Status);
            Assert.True(body.RootElement.TryGetProperty("data", out _), body.RootElement.GetRawText());
        }

        var tooDeep = await Host.PostGraphQLAsync(Nested(NMcsApiExtensions.MaxDepth + 1));
        using var refused = tooDeep.Body;
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.Status);
        var error = Assert.Single(refused.RootElement.At("errors").EnumerateArray());
        Assert.Contains("too nested", error.Str("message"), StringComparison.Ordinal);
        Assert.False(refused.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Introspection_names_the_query_type()
    {
        var data = await Host.QueryAsync("{ __schema { queryType { name } mutationType { name } } }");
        Assert.Equal("Query", data.Str("__schema", "queryType", "name"));
        Assert.Equal("Mutation", data.Str("__schema", "mutationType", "name"));
    }

    [Fact]
    public async Task AdvanceClock_without_the_test_clock_is_TEST_CLOCK_DISABLED_and_time_does_not_move()
    {
        var error = await Host.ExpectErrorAsync("mutation { advanceClock(seconds: 86400) { now } }");
        Assert.Equal("TEST_CLOCK_DISABLED", error.Code);
        var clock = await Host.QueryAsync("{ clock { now testClock } }");
        Assert.False(clock.At("clock", "testClock").GetBoolean());
        var now = clock.At("clock", "now").GetDateTimeOffset();
        Assert.True((now - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(5), $"the clock moved: {now:O}");
    }

    [Fact]
    public async Task Healthz_is_200()
    {
        using var response = await Host.Http.GetAsync(Relative("healthz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadAsStringAsync()).Trim());
    }

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private static HttpRequestMessage GetMutation(string customerId)
    {
        var mutation = "mutation { createCustomer(input: { id: \"" + customerId + "\", name: \"Via GET\", currency: \"EUR\" }) { id } }";
        var request = new HttpRequestMessage(HttpMethod.Get, Relative("graphql?query=" + Uri.EscapeDataString(mutation)));
        request.Headers.Accept.ParseAdd(HostProcess.GraphQLResponseMediaType);
        return request;
    }
}
