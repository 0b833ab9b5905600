using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Catalog.Model;
using NMcs.Grains;
using NMcs.Storage;

namespace NMcs.Bench;

/// <summary>
/// <c>publish</c>: publish-to-active latency. A real host runs in-process with the test clock; one customer and one
/// SIM on a simple product. Each sample publishes the next version of that product with a different price and then
/// ingests fresh records at the current platform time until one is rated with the new version.
/// Two paths: <c>graphql</c> publishes through the <c>createProduct</c> mutation of the same silo that rates (its
/// catalog cache is updated by the publish itself); <c>other_silo</c> publishes through a second
/// <see cref="ProductCatalog"/> on the same database — what another silo of the cluster does — so the rating silo
/// only learns of the version when its cache entry expires (<see cref="ProductCatalog.RefreshAfter"/>). The publish
/// lands at a random point of that cache cycle (<c>--phase random</c>) or right after a refresh (<c>--phase worst</c>).
/// </summary>
internal static class PublishBenchmark
{
    public static readonly string[] Options = ["publishes", "poll-ms", "phase", "seed", "full-sync", "json"];

    public const double TargetMs = 1_000;

    private const string ProductId = "bench-publish";
    private const string CustomerId = "bench-publish-c1";
    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MediaTypeHeaderValue JsonContent = new("application/json");

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var publishes = options.Int("publishes", 20, max: 1_000);
        var pollMs = options.Int("poll-ms", 2, min: 0, max: 1_000);
        var fullSync = options.Flag("full-sync");
        var phase = options.String("phase") ?? "random";
        if (phase is not ("random" or "worst"))
        {
            throw new ArgumentException($"--phase must be random or worst, not '{phase}'.");
        }

        var random = new Random(options.Int("seed", 1, min: 0));
        var loadAverageStart = MachineInfo.LoadAverage();
        var total = Stopwatch.StartNew();
        var run = "p" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        BenchMath.Log($"publish: {publishes} publishes per path, poll every {pollMs} ms, phase {phase}");

        await using var host = await InProcessHost.StartAsync(ClockStart, fullSync);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var graphql = new GraphQLClient(http);
        var iccid = UsageWorkload.Iccid(1);

        // --- setup through the API --------------------------------------------------------------------------------------
        await graphql.ExecuteAsync(CreateProduct(0.0100m));
        await graphql.ExecuteAsync($$"""mutation { createCustomer(input: { id: "{{CustomerId}}", name: "Publish bench", currency: "EUR" }) { id } }""");
        await graphql.ExecuteAsync($$"""
            mutation {
              r: registerSim(input: { iccid: "{{iccid}}", imsi: "{{UsageWorkload.Imsi(1)}}", msisdn: "{{UsageWorkload.Msisdn(1)}}" }) { status }
              a: assignSim(iccid: "{{iccid}}", customerId: "{{CustomerId}}") { status }
              v: activateSim(iccid: "{{iccid}}", productId: "{{ProductId}}") { status }
            }
            """);

        // The second silo's catalog: its own cache, the same store and clock.
        var clock = host.Services.GetRequiredKeyedService<TimeProvider>(PlatformClock.Key);
        var otherSilo = new ProductCatalog(host.Services.GetRequiredService<NMcsDatabase>(), clock);

        var probe = new Probe(http, graphql, iccid, run);

        // Warm-up: JIT of the ingest, rating and query paths, and a first advance of the clock past activation.
        await AdvanceAsync(graphql);
        for (var i = 0; i < 30; i++)
        {
            await probe.RatedVersionAsync(clock.GetUtcNow());
        }

        var version = 1;
        var price = 0.0100m;
        var paths = new JsonObject();
        var summary = new Dictionary<string, PathResult>(StringComparer.Ordinal);
        foreach (var path in new[] { "graphql", "other_silo" })
        {
            var latencies = new List<double>();
            var publishMs = new List<double>();
            var polls = new List<double>();
            for (var i = 0; i < publishes; i++)
            {
                // Not timed: move the platform clock, so each version is valid from a new "now" and records follow it.
                await AdvanceAsync(graphql);
                var now = clock.GetUtcNow();

                // Not timed: where the publish falls in the rating silo's cache cycle. "random": keep rating (as under
                // load, so the cache is re-read about every RefreshAfter) for a uniform random 0..RefreshAfter, then
                // publish. "worst": let the cache entry expire, rate once (that re-reads it), publish right after.
                var before = await probe.RatedVersionAsync(now);
                if (phase == "random")
                {
                    var wait = Stopwatch.StartNew();
                    var until = random.NextDouble() * ProductCatalog.RefreshAfter.TotalMilliseconds;
                    while (wait.Elapsed.TotalMilliseconds < until)
                    {
                        before = await probe.RatedVersionAsync(now);
                        if (pollMs > 0)
                        {
                            await Task.Delay(pollMs);
                        }
                    }
                }
                else
                {
                    await Task.Delay(ProductCatalog.RefreshAfter + TimeSpan.FromMilliseconds(50));
                    before = await probe.RatedVersionAsync(now);
                }

                if (before.Version != version)
                {
                    throw new InvalidOperationException($"before publish {i}: expected version {version}, rated with {before.Version}");
                }

                version++;
                price += 0.0001m;
                var started = Stopwatch.GetTimestamp();
                if (path == "graphql")
                {
                    var data = await graphql.ExecuteAsync(CreateProduct(price));
                    var published = data.GetProperty("createProduct").GetProperty("version").GetInt32();
                    if (published != version)
                    {
                        throw new InvalidOperationException($"createProduct published version {published}, expected {version}");
                    }
                }
                else
                {
                    var latest = await otherSilo.FindAsync(ProductId) ?? throw new InvalidOperationException("product not found by the second catalog");
                    var draft = latest with
                    {
                        Version = 0,
                        Status = LifecycleStatus.Draft,
                        ValidFrom = now,
                        UsageCharges = [latest.UsageCharges[0] with { Price = price }],
                    };
                    var saved = await otherSilo.SaveDraftAsync(draft);
                    var published = await otherSilo.PublishAsync(ProductId, saved.Version);
                    if (published.Version != version)
                    {
                        throw new InvalidOperationException($"second catalog published version {published.Version}, expected {version}");
                    }
                }

                publishMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var attempts = 0;
                while (true)
                {
                    attempts++;
                    var rated = await probe.RatedVersionAsync(now);
                    if (rated.Version == version)
                    {
                        if (rated.PricePerUnit != price)
                        {
                            throw new InvalidOperationException($"version {version} rated at {rated.PricePerUnit}, expected {price}");
                        }

                        break;
                    }

                    if (rated.Version != version - 1 || Stopwatch.GetElapsedTime(started).TotalSeconds > 30)
                    {
                        throw new InvalidOperationException($"after publishing version {version}: record rated with version {rated.Version} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
                    }

                    if (pollMs > 0)
                    {
                        await Task.Delay(pollMs);
                    }
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                polls.Add(attempts);
            }

            var result = new PathResult(latencies, publishMs, polls);
            summary[path] = result;
            paths[path] = result.ToJson();
            BenchMath.Log($"  {path,-10} publish-to-active p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {result.Max:F1} ms; publish call p50 {BenchMath.Median(publishMs):F1} ms; {polls.Average():F1} probes per publish");
        }

        var local = summary["graphql"];
        var remote = summary["other_silo"];
        return new JsonObject
        {
            ["benchmark"] = "publish",
            ["publishes"] = publishes,
            ["silos"] = 1,
            ["p50_ms"] = BenchMath.Round(local.P50, 1),
            ["p99_ms"] = BenchMath.Round(local.P99, 1),
            ["max_ms"] = BenchMath.Round(local.Max, 1),
            ["other_silo_p50_ms"] = BenchMath.Round(remote.P50, 1),
            ["other_silo_p99_ms"] = BenchMath.Round(remote.P99, 1),
            ["other_silo_max_ms"] = BenchMath.Round(remote.Max, 1),
            ["target_ms"] = TargetMs,
            ["target_met"] = local.Max <= TargetMs && remote.Max <= TargetMs,
            ["catalog_refresh_ms"] = ProductCatalog.RefreshAfter.TotalMilliseconds,
            ["probe_round_trip_p50_ms"] = BenchMath.Round(probe.RoundTripP50, 2),
            ["probes"] = probe.Count,
            ["paths"] = paths,
            ["poll_ms"] = pollMs,
            ["phase"] = phase,
            ["total_seconds"] = BenchMath.Round(total.Elapsed.TotalSeconds, 1),
            ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ["full_sync"] = fullSync,
            ["loadavg_start"] = loadAverageStart,
            ["machine"] = MachineInfo.Describe(),
        };
    }

    public static void PrintSummary(JsonObject r)
    {
        var o = Console.Out;
        o.WriteLine($"N-MCS publish-to-active benchmark, one in-process silo ({r["machine"]?["cpu"]}, {r["machine"]?["cores"]} cores, {r["machine"]?["runtime"]}; load average {r["loadavg_start"]} at start, {r["machine"]?["loadavg_end"]} at end)");
        o.WriteLine($"  phase        {r["phase"]} (where each publish falls in the rating silo's {r["catalog_refresh_ms"]} ms catalog cache cycle)");
        o.WriteLine($"  createProduct on the rating silo   p50 {r["p50_ms"]} ms, p99 {r["p99_ms"]} ms, max {r["max_ms"]} ms ({r["publishes"]} publishes)");
        o.WriteLine($"  published by a second catalog      p50 {r["other_silo_p50_ms"]} ms, p99 {r["other_silo_p99_ms"]} ms, max {r["other_silo_max_ms"]} ms (cache refresh {r["catalog_refresh_ms"]} ms)");
        o.WriteLine($"  probe (ingest + usageRecord query) p50 {r["probe_round_trip_p50_ms"]} ms, {r["probes"]} probes; target <= {r["target_ms"]} ms met: {r["target_met"]}");
    }

    private static string CreateProduct(decimal price) => $$"""
        mutation { createProduct(input: { id: "{{ProductId}}", name: "Publish bench", currency: "EUR", monthlyFee: 0, activationFee: 0,
          usageCharges: [{ serviceType: DATA, rateUnit: "MB", pricePerUnit: {{price.ToString(CultureInfo.InvariantCulture)}}, includedUnits: 0 }] }) { id version } }
        """;

    private static async Task AdvanceAsync(GraphQLClient graphql) =>
        await graphql.ExecuteAsync("mutation { advanceClock(seconds: 60) { now } }");

    private sealed record PathResult(List<double> Latencies, List<double> PublishMs, List<double> Polls)
    {
        public double P50 => BenchMath.Percentile(Latencies, 0.50);

        public double P99 => BenchMath.Percentile(Latencies, 0.99);

        public double Max => BenchMath.Percentile(Latencies, 1.0);

        public JsonObject ToJson() => new()
        {
            ["samples"] = Latencies.Count,
            ["p50_ms"] = BenchMath.Round(P50, 1),
            ["p99_ms"] = BenchMath.Round(P99, 1),
            ["max_ms"] = BenchMath.Round(Max, 1),
            ["min_ms"] = BenchMath.Round(Latencies.Min(), 1),
            ["mean_ms"] = BenchMath.Round(Latencies.Average(), 1),
            ["publish_call_p50_ms"] = BenchMath.Round(BenchMath.Median(PublishMs), 1),
            ["probes_per_publish_mean"] = BenchMath.Round(Polls.Average(), 1),
            ["latencies_ms"] = new JsonArray(Latencies.Select(l => (JsonNode)BenchMath.Round(l, 1)).ToArray()),
        };
    }

    /// <summary>Ingests one fresh DATA record at the given platform time and reads back the version and price it was rated with.</summary>
    private sealed class Probe(HttpClient http, GraphQLClient graphql, string iccid, string run)
    {
        private readonly List<double> _roundTrips = [];
        private long _next;

        public int Count => _roundTrips.Count;

        public double RoundTripP50 => BenchMath.Median(_roundTrips);

        public async Task<(int Version, decimal PricePerUnit)> RatedVersionAsync(DateTimeOffset at)
        {
            var started = Stopwatch.GetTimestamp();
            var id = run + "-" + (++_next).ToString("D8", CultureInfo.InvariantCulture);
            var body = $$"""[{"recordId":"{{id}}","iccid":"{{iccid}}","timestamp":"{{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","serviceType":"DATA","quantity":1024,"unit":"KB"}]""";
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = JsonContent;
            using var response = await http.PostAsync("ingest/usage", content);
            var answer = await response.Content.ReadAsStringAsync();
            using (var json = JsonDocument.Parse(answer))
            {
                if (!response.IsSuccessStatusCode || json.RootElement.GetProperty("accepted").GetInt32() != 1)
                {
                    throw new InvalidOperationException($"ingest of {id} at {at:O} was not accepted: HTTP {(int)response.StatusCode} {answer}");
                }
            }

            var data = await graphql.ExecuteAsync($"{{ usageRecord(id: {GraphQLClient.Literal(id)}) {{ productVersion pricePerUnit }} }}");
            var record = data.GetProperty("usageRecord");
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"record {id} was acknowledged but is not in the ledger");
            }

            _roundTrips.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return (record.GetProperty("productVersion").GetInt32(), record.GetProperty("pricePerUnit").GetDecimal());
        }
    }
}
