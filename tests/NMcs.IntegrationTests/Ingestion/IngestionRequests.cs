using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NMcs.IntegrationTests.Http;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>An <c>/ingest/usage</c> answer with its headers.</summary>
public sealed record IngestReply(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers)
{
    /// <summary>The parsed 200 answer.</summary>
    public IngestAnswer Answer => IngestAnswer.From(Body);

    /// <summary>The refusal message of a non-200 answer.</summary>
    public string Error => Body.GetProperty("error").GetString() ?? string.Empty;
}

/// <summary>Push requests with headers, compression and streamed bodies, and reads of metrics and the stores.</summary>
public static class IngestionRequests
{
    /// <summary>POSTs <paramref name="content"/> to <c>/ingest/usage</c> with optional extra headers.</summary>
    public static async Task<IngestReply> PushAsync(this HostProcess host, HttpContent content, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("ingest/usage", UriKind.Relative)) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw host.Failure($"/ingest/usage answered {(int)response.StatusCode} with a body that is not JSON ({e.Message}):\n{text}");
        }

        return new IngestReply(response.StatusCode, body, response.Headers);
    }

    /// <summary>A JSON body (array or object).</summary>
    public static HttpContent Json(JsonNode body) => Text(body.ToJsonString(), "application/json");

    /// <summary>An NDJSON body from lines.</summary>
    public static HttpContent Ndjson(IEnumerable<string> lines) => Text(string.Join('\n', lines) + "\n", "application/x-ndjson");

    /// <summary>A text body of <paramref name="mediaType"/>.</summary>
    public static HttpContent Text(string body, string mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>A body gzip-compressed, with <c>Content-Encoding: gzip</c>.</summary>
    public static HttpContent Gzip(string body, string mediaType)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(body));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    /// <summary>The value of one sample on <c>/metrics</c>, or null when the series is not there.</summary>
    public static async Task<decimal?> MetricAsync(this HostProcess host, string series)
    {
        ArgumentNullException.ThrowIfNull(host);
        var metrics = await host.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : decimal.Parse(line[(series.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The reconciliation total over all batches: (received, rated, duplicate, rejected, suspended, batches).</summary>
    public static async Task<(long Received, long Rated, long Duplicate, long Rejected, long Suspended, long Batches)> TotalsAsync(this HostProcess host, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var data = await host.QueryAsync(
            "query ($s: String) { ingestReconciliation(source: $s) { total { received rated duplicate rejected suspended batches unaccounted } } }",
            new { s = source });
        var total = data.At("ingestReconciliation", "total");
        Assert.Equal(0, total.GetProperty("unaccounted").GetInt64());
        return (
            total.GetProperty("received").GetInt64(),
            total.GetProperty("rated").GetInt64(),
            total.GetProperty("duplicate").GetInt64(),
            total.GetProperty("rejected").GetInt64(),
            total.GetProperty("suspended").GetInt64(),
            total.GetProperty("batches").GetInt64());
    }

    /// <summary>How many rejects the store holds (any source or status).</summary>
    public static async Task<int> RejectCountAsync(this HostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var count = 0;
        string? after = null;
        while (true)
        {
            var data = await host.QueryAsync("query ($a: ID) { rejectedUsage(first: 500, after: $a) { id } }", new { a = after });
            var page = data.At("rejectedUsage").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
            count += page.Count;
            if (page.Count < 500)
            {
                return count;
            }

            after = page[^1];
        }
    }

    /// <summary>True when the usage ledger holds <paramref name="recordId"/>.</summary>
    public static async Task<bool> IsRatedAsync(this HostProcess host, string recordId)
    {
        ArgumentNullException.ThrowIfNull(host);
        var data = await host.QueryAsync("query ($id: ID!) { usageRecord(id: $id) { id } }", new { id = recordId });
        return data.At("usageRecord").ValueKind != JsonValueKind.Null;
    }

    /// <summary>An account's real-time charges: (rated records, unbilled usage amount).</summary>
    public static async Task<(long Records, decimal Amount)> ChargesAsync(this HostProcess host, string accountId)
    {
        ArgumentNullException.ThrowIfNull(host);
        var data = await host.QueryAsync("query ($a: ID!) { account(id: $a) { realTimeCharges { ratedRecords unbilledUsageAmount } } }", new { a = accountId });
        return (data.At("account", "realTimeCharges", "ratedRecords").GetInt64(), data.Dec("account", "realTimeCharges", "unbilledUsageAmount"));
    }

    /// <summary>Creates a customer (EUR, Berlin) whose payer account is <c>{id}-PAYER</c>.</summary>
    public static Task CustomerAsync(this HostProcess host, string id) =>
        host.QueryAsync(
            "mutation ($id: ID!, $name: String!) { createCustomer(input: { id: $id, name: $name, currency: \"EUR\", timeZone: \"Europe/Berlin\" }) { id } }",
            new { id, name = id });

    /// <summary>Registers a SIM, assigns it to <paramref name="customerId"/> and activates it on <paramref name="productId"/> now.</summary>
    public static async Task ActiveSimAsync(this HostProcess host, string iccid, string imsi, string msisdn, string customerId, string productId)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.QueryAsync(
            """
            mutation ($i: String!, $imsi: String!, $m: String!, $c: ID!, $p: ID!) {
              registerSim(input: { iccid: $i, imsi: $imsi, msisdn: $m }) { iccid }
              assignSim(iccid: $i, customerId: $c) { status }
              activateSim(iccid: $i, productId: $p) { status }
            }
            """,
            new { i = iccid, imsi, m = msisdn, c = customerId, p = productId });
    }
}
