using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NMcs.Cli.Scenarios;

namespace NMcs.Cli;

/// <summary>
/// <c>nmcs</c>, the operator's command line: push usage files, run bill runs, send GraphQL. It talks to a running
/// platform over HTTP (<c>--url</c>, default http://127.0.0.1:5080).
/// </summary>
public static class CliApp
{
    private const string Usage = """
        nmcs — N-MCS operator CLI

          nmcs usage push FILE [--batch N]          push a JSON array or NDJSON file of usage records
          nmcs bill ACCOUNT PERIOD                  close ACCOUNT's period (YYYY-MM) into its invoice
          nmcs rule deploy FILE                     deploy a C# tariff rule (next version, all silos)
          nmcs graphql QUERY [--variables JSON]     send a GraphQL document, print the answer
          nmcs scenario run FILE|DIR [--json]       run scenario files on an in-process platform (test clock)

        options: --url http://127.0.0.1:5080 (or NMCS_URL)   --json (machine-readable output)
                 NMCS_API_KEY: a network element's API key, sent with usage pushes
        exit codes: 0 ok, 1 the platform refused something, 2 bad command line or unreachable platform
        """;

    /// <summary>Runs one command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = CliOptions.Parse(args);
        if (options.Positional.Count == 0 || options.Positional[0] is "help" or "--help" or "-h")
        {
            await stdout.WriteLineAsync(Usage);
            return options.Positional.Count == 0 ? 2 : 0;
        }

        using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromMinutes(5) };
        if (Environment.GetEnvironmentVariable("NMCS_API_KEY") is { Length: > 0 } apiKey)
        {
            // The network element key /ingest/usage asks for when NMcs:Ingestion:NetworkElements is configured.
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        try
        {
            return options.Positional switch
            {
                ["usage", "push", var file] => await PushUsageAsync(http, file, options, stdout),
                ["bill", var account, var period] => await GraphQLAsync(
                    http,
                    "mutation($a: ID!, $p: String!) { runBilling(accountId: $a, period: $p) { number period currency subtotal total lines { lineNumber kind description amount } } }",
                    new JsonObject { ["a"] = account, ["p"] = period },
                    stdout),
                ["rule", "deploy", var file] => await GraphQLAsync(
                    http,
                    "mutation($s: String!, $f: String) { deployTariffRule(source: $s, fileName: $f) { name version sha256 deployedAt } }",
                    new JsonObject { ["s"] = await File.ReadAllTextAsync(file), ["f"] = Path.GetFileName(file) },
                    stdout),
                ["graphql", var query] => await GraphQLAsync(http, query, options.Variables is null ? null : JsonNode.Parse(options.Variables) as JsonObject, stdout),
                ["scenario", "run", var path] => await ScenarioCommand.RunAsync(path, options.Json, stdout, stderr),
                _ => await BadCommandAsync(stderr),
            };
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteLineAsync($"cannot reach the platform at {options.Url}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await stderr.WriteLineAsync(e.Message);
            return 2;
        }
        catch (JsonException e)
        {
            await stderr.WriteLineAsync("not valid JSON: " + e.Message);
            return 2;
        }
    }

    private static async Task<int> PushUsageAsync(HttpClient http, string file, CliOptions options, TextWriter stdout)
    {
        var records = UsageFile.Read(file);
        int received = 0, accepted = 0, duplicate = 0, rejected = 0;
        var rejections = new JsonArray();
        for (var offset = 0; offset < records.Count; offset += options.Batch)
        {
            var batch = records.Skip(offset).Take(options.Batch).ToList();
            var body = new StringBuilder();
            foreach (var record in batch)
            {
                body.Append(record).Append('\n');
            }

            using var content = new StringContent(body.ToString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await http.PostAsync(new Uri("/ingest/usage", UriKind.Relative), content);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            if (!response.IsSuccessStatusCode)
            {
                await stdout.WriteLineAsync($"batch at record {offset} refused ({(int)response.StatusCode}): {answer?["error"]}");
                return 1;
            }

            received += answer!["received"]!.GetValue<int>();
            accepted += answer["accepted"]!.GetValue<int>();
            duplicate += answer["duplicate"]!.GetValue<int>();
            rejected += answer["rejected"]!.GetValue<int>();
            foreach (var rejection in answer["rejections"]!.AsArray())
            {
                var copy = rejection!.DeepClone();
                copy["index"] = copy["index"]!.GetValue<int>() + offset;
                rejections.Add(copy);
            }
        }

        if (options.Json)
        {
            var summary = new JsonObject { ["file"] = file, ["received"] = received, ["accepted"] = accepted, ["duplicate"] = duplicate, ["rejected"] = rejected, ["rejections"] = rejections };
            await stdout.WriteLineAsync(summary.ToJsonString());
        }
        else
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}: {received} received, {accepted} accepted, {duplicate} duplicate, {rejected} rejected"));
            foreach (var r in rejections)
            {
                await stdout.WriteLineAsync($"  record {r!["index"]} ({r["recordId"]}): {r["field"]}: {r["reason"]}");
            }
        }

        return rejected == 0 ? 0 : 1;
    }

    private static async Task<int> GraphQLAsync(HttpClient http, string query, JsonObject? variables, TextWriter stdout)
    {
        var request = new JsonObject { ["query"] = query, ["variables"] = variables };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        await stdout.WriteLineAsync(text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.TryGetProperty("errors", out _) ? 1 : 0;
    }

    private static async Task<int> BadCommandAsync(TextWriter stderr)
    {
        await stderr.WriteLineAsync(Usage);
        return 2;
    }
}
