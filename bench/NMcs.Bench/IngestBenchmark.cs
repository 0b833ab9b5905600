using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Storage;

namespace NMcs.Bench;

/// <summary>
/// <c>ingest</c>: usage records pushed through <c>POST /ingest/usage</c> of an in-process host, rated and committed
/// to the usage ledger; throughput against a same-run no-I/O parse baseline, record-to-visible latency and memory.
/// </summary>
internal static class IngestBenchmark
{
    public static readonly string[] Options = ["sims", "accounts", "events", "batch", "concurrency", "setup-batch", "baseline-seconds", "full-sync", "alloc-sample", "json"];

    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClockAfterUsage = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly MediaTypeHeaderValue JsonContent = new("application/json");

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var sims = options.Int("sims", 1_000);
        var accounts = options.Int("accounts", 100);
        var events = options.Int("events", 200_000);
        var batchSize = options.Int("batch", 5_000, max: 50_000);
        var concurrency = options.Int("concurrency", 4, max: 256);
        var setupBatch = options.Int("setup-batch", 100, max: 250);
        var baselineSeconds = options.Int("baseline-seconds", 2, max: 60);
        var fullSync = options.Flag("full-sync");
        using var allocations = options.Flag("alloc-sample") ? new AllocationSampler() : null;
        if (accounts > sims)
        {
            throw new ArgumentException($"--accounts ({accounts}) must not exceed --sims ({sims}): every account gets at least one SIM.");
        }

        var total = Stopwatch.StartNew();
        var loadAverageStart = MachineInfo.LoadAverage();
        var run = "b" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        Log($"ingest: sims={sims} accounts={accounts} events={events} batch={batchSize} concurrency={concurrency} gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        await using var host = await InProcessHost.StartAsync(ClockStart, fullSync);
        using var http = NewHttpClient(host.BaseAddress, Math.Max(concurrency, 4) + 4);
        var graphql = new GraphQLClient(http);
        var rssHostStarted = SettledWorkingSet();
        var (anonHostStarted, fileHostStarted) = (MachineInfo.StatusBytes("RssAnon"), MachineInfo.StatusBytes("RssFile"));
        var heapHostStarted = GC.GetTotalMemory(forceFullCollection: false);
        Log($"host up at {host.BaseAddress} (data {host.DataDirectory}), working set {Mb(rssHostStarted):F0} MB");

        // --- setup through the API -----------------------------------------------------------------------------
        var setup = Stopwatch.StartNew();
        await graphql.ExecuteAsync("""
            mutation { createProduct(input: { id: "bench-data", name: "Bench M2M data", currency: "EUR", monthlyFee: 2.5, activationFee: 0,
              usageCharges: [{ serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.02, includedUnits: 10 }] }) { id version } }
            """);
        await RunDocumentsAsync(graphql, Enumerable.Range(0, accounts).Chunk(setupBatch).Select(CustomerDocument), Math.Max(2, concurrency));
        Log($"{accounts} customers in {setup.Elapsed.TotalSeconds:F1} s");

        var iccids = Enumerable.Range(0, sims).Select(UsageWorkload.Iccid).ToArray();
        var simsDone = 0;
        var simSetup = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        await RunDocumentsAsync(
            graphql,
            Enumerable.Range(0, sims).Chunk(setupBatch).Select(chunk => SimDocument(chunk, iccids, accounts)),
            Math.Max(2, concurrency),
            chunk =>
            {
                var done = Interlocked.Add(ref simsDone, chunk);
                lock (lastReport)
                {
                    if (lastReport.Elapsed.TotalSeconds >= 10 || done == sims)
                    {
                        lastReport.Restart();
                        Log($"  {done}/{sims} SIMs registered+assigned+activated ({done / simSetup.Elapsed.TotalSeconds:F0}/s)");
                    }
                }
            },
            setupBatch);
        await graphql.ExecuteAsync($"mutation {{ advanceClock(to: \"{ClockAfterUsage:O}\") {{ now }} }}");
        var setupSeconds = setup.Elapsed.TotalSeconds;
        Log($"setup done in {setupSeconds:F1} s; clock at {ClockAfterUsage:O}");
        var rssAfterSetup = SettledWorkingSet();

        // Provisioning leaves an activation per SIM, order, customer and account behind until Orleans collects idle
        // activations (minutes later in a real deployment). Collect them now, so the memory measured after the load
        // is what ingesting and rating usage of the fleet holds, not what setting it up left over.
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var activationsAfterSetup = await management.GetTotalActivationCount();
        await management.ForceActivationCollection(TimeSpan.FromMilliseconds(1));
        var activationsBeforeLoad = await management.GetTotalActivationCount();
        var rssBeforeLoad = SettledWorkingSet();
        var heapBeforeLoad = GC.GetTotalMemory(forceFullCollection: false);
        Log($"idle activations collected: {activationsAfterSetup} -> {activationsBeforeLoad}, working set {Mb(rssAfterSetup):F0} -> {Mb(rssBeforeLoad):F0} MB");

        // --- workload, serialized up front (not timed) --------------------------------------------------------------
        var serialize = Stopwatch.StartNew();
        var batches = UsageWorkload.Serialize(run, sims, events, batchSize, iccids);

        // The client's copy of every ICCID (6 MB at 100,000 SIMs) is not the server's memory: dropped before the
        // server-side figures, which the process measures with client and server in it.
        iccids = [];
        var payloadBytes = batches.Sum(b => (long)b.Payload.Length);
        Log($"{batches.Count} batches, {Mb(payloadBytes):F1} MB of JSON serialized in {serialize.Elapsed.TotalSeconds:F1} s");

        // --- same-run baseline: single thread, no I/O ---------------------------------------------------------------
        // Measured once the host has finished what the setup left running (checkpointing the setup's log, collecting
        // the activations dropped above): a baseline that shares the cores with that work is too low and flatters the
        // ratio.
        var quietWait = await WaitUntilQuietAsync();
        Log($"host quiet after {quietWait.TotalSeconds:F1} s");
        var (baselineRate, baselineMedian, baselinePasses, _) = UsageWorkload.Baseline(batches, baselineSeconds);
        Log($"baseline (Utf8JsonReader + per-SIM dictionary, 1 thread): best {baselineRate:F0}, median {baselineMedian:F0} events/s over {baselinePasses} passes");

        // --- load ---------------------------------------------------------------------------------------------------
        var ackMs = new ConcurrentBag<double>();
        var visibleMs = new ConcurrentBag<double>();
        var visibleByBatch = new ConcurrentBag<(int Batch, double Ms)>();
        var probes = new ConcurrentBag<Task>();
        long accepted = 0, duplicates = 0, rejected = 0, failedRecords = 0, probeFailures = 0;
        var failures = new ConcurrentQueue<string>();
        var next = -1;
        var batchCount = batches.Count;
        var loadDone = 0;
        var loadAverageBeforeLoad = MachineInfo.LoadAverage();
        var cpuBeforeLoad = Process.GetCurrentProcess().TotalProcessorTime;
        var diskBeforeLoad = MachineInfo.DiskWriteBytes();
        var ledger = host.Services.GetRequiredService<UsageLedger>();
        var (groupsBeforeLoad, appendsBeforeLoad) = (ledger.GroupsCommitted, ledger.AppendsCommitted);
        var database = host.Services.GetRequiredService<NMcsDatabase>();
        var writerBusyBeforeLoad = database.WriterBusy;
        var gcBeforeLoad = GcTally.Now();
        var load = Stopwatch.StartNew();
        allocations?.Start();
        var progress = new Timer(
            _ => Log($"  {Volatile.Read(ref loadDone)}/{batchCount} batches, {Interlocked.Read(ref accepted) / load.Elapsed.TotalSeconds:F0} accepted/s"),
            null,
            TimeSpan.FromSeconds(15),
            TimeSpan.FromSeconds(15));
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                var batch = batches[index];
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(batch.Payload);
                    content.Headers.ContentType = JsonContent;
                    using var response = await http.PostAsync("ingest/usage", content);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var acked = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Add(ref failedRecords, batch.Records);
                        failures.Enqueue($"batch {index}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))}");
                        continue;
                    }

                    ackMs.Add(acked);
                    using var answer = JsonDocument.Parse(body);
                    var root = answer.RootElement;
                    var batchAccepted = root.GetProperty("accepted").GetInt32();
                    Interlocked.Add(ref accepted, batchAccepted);
                    Interlocked.Add(ref duplicates, root.GetProperty("duplicate").GetInt32());
                    var batchRejected = root.GetProperty("rejected").GetInt32();
                    Interlocked.Add(ref rejected, batchRejected);
                    if (batchRejected > 0 && failures.Count < 5)
                    {
                        var first = root.GetProperty("rejections").EnumerateArray().FirstOrDefault();
                        failures.Enqueue($"batch {index}: {batchRejected} rejected, e.g. {first.GetRawText()}");
                    }

                    // Visibility probe, off the ingest path: the batch's last record read back through GraphQL.
                    probes.Add(Task.Run(async () =>
                    {
                        if (await ProbeVisibleAsync(graphql, batch.LastRecordId))
                        {
                            var visible = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                            visibleMs.Add(visible);
                            visibleByBatch.Add((index, visible));
                        }
                        else
                        {
                            Interlocked.Increment(ref probeFailures);
                        }
                    }));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    Interlocked.Add(ref failedRecords, batch.Records);
                    failures.Enqueue($"batch {index}: {e.GetType().Name}: {e.Message}");
                }
                finally
                {
                    Interlocked.Increment(ref loadDone);
                }
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            await progress.DisposeAsync();
        }

        var loadSeconds = load.Elapsed.TotalSeconds;
        var gcInLoad = GcTally.Now() - gcBeforeLoad;
        if (allocations is not null)
        {
            allocations.Stop();
            Log(allocations.Report(40));
        }

        var loadCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBeforeLoad).TotalSeconds;
        var loadDiskWrites = diskBeforeLoad < 0 ? -1 : MachineInfo.DiskWriteBytes() - diskBeforeLoad;
        var ledgerGroups = ledger.GroupsCommitted - groupsBeforeLoad;
        var writerBusy = (database.WriterBusy - writerBusyBeforeLoad).TotalSeconds;
        var ledgerAppends = ledger.AppendsCommitted - appendsBeforeLoad;
        await Task.WhenAll(probes);
        var rssEndOfLoad = Environment.WorkingSet;
        var rssPeak = Process.GetCurrentProcess().PeakWorkingSet64;
        var storeBytes = host.StoreBytes();
        var (ratingCalls, ratingSeconds) = await RatingHistogramAsync(http);

        // Server-side memory: drop the client's payloads, collect, and compare with the idle host after start.
        batches.Clear();
        batches.TrimExcess();
        var rssServerAfterLoad = SettledWorkingSet();
        var heapAfterLoad = GC.GetTotalMemory(forceFullCollection: false);
        var gcCommittedAfterLoad = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var sqliteAfterLoad = SQLitePCL.raw.sqlite3_memory_used();
        var (anonAfterLoad, fileAfterLoad) = (MachineInfo.StatusBytes("RssAnon"), MachineInfo.StatusBytes("RssFile"));

        // Diagnostic: how much of the private memory is free memory the C allocator keeps (glibc's malloc_trim hands it
        // back); measured after the figures above, which stay what an operator sees.
        var anonAfterTrim = NMcs.Host.NativeHeapTrimmer.TrimNow() ? MachineInfo.StatusBytes("RssAnon") : -1;
        var activationsAfterLoad = await management.GetTotalActivationCount();
        if (int.TryParse(Environment.GetEnvironmentVariable("NMCS_BENCH_HOLD_AFTER_LOAD"), out var holdSeconds))
        {
            Log($"holding {holdSeconds} s after the load (pid {Environment.ProcessId}) for a heap dump");
            await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
        }
        var eventsPerSecond = accepted / loadSeconds;
        foreach (var failure in failures.Take(5))
        {
            Log("  ! " + failure);
        }

        var result = new JsonObject
        {
            ["benchmark"] = "ingest",
            ["sims"] = sims,
            ["accounts"] = accounts,
            ["events"] = events,
            ["batch"] = batchSize,
            ["concurrency"] = concurrency,
            ["accepted"] = accepted,
            ["duplicates"] = duplicates,
            ["rejected"] = rejected,
            ["failed"] = failedRecords,
            ["seconds"] = Round(loadSeconds, 3),
            ["events_per_s"] = Round(eventsPerSecond, 1),
            ["baseline_events_per_s"] = Round(baselineRate, 1),
            ["baseline_median_events_per_s"] = Round(baselineMedian, 1),
            ["ratio"] = Round(eventsPerSecond / baselineRate, 5),
            ["p50_visible_ms"] = Round(Percentile(visibleMs, 0.50), 1),
            ["p99_visible_ms"] = Round(Percentile(visibleMs, 0.99), 1),
            ["max_visible_ms"] = Round(Percentile(visibleMs, 1.0), 1),
            ["visible_samples"] = visibleMs.Count,

            // Diagnostic: which batches (in sending order) were the slowest to become visible, e.g. "3:2750".
            ["visible_slowest"] = string.Join(" ", visibleByBatch.OrderByDescending(v => v.Ms).Take(8).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Batch}:{v.Ms:F0}"))),
            ["visible_probe_failures"] = probeFailures,
            ["p50_ack_ms"] = Round(Percentile(ackMs, 0.50), 1),
            ["p99_ack_ms"] = Round(Percentile(ackMs, 0.99), 1),
            ["load_cpu_seconds"] = Round(loadCpuSeconds, 1),
            ["load_cpu_utilization"] = Round(loadCpuSeconds / (loadSeconds * Environment.ProcessorCount), 3),
            ["load_disk_write_mb"] = Round(loadDiskWrites < 0 ? double.NaN : Mb(loadDiskWrites), 1),
            ["load_disk_write_bytes_per_event"] = Round(loadDiskWrites < 0 || accepted == 0 ? double.NaN : (double)loadDiskWrites / accepted, 0),
            ["rating_calls"] = ratingCalls,
            ["rating_calls_per_s"] = Round(ratingCalls / loadSeconds, 1),
            ["rating_mean_ms"] = Round(ratingCalls == 0 ? double.NaN : ratingSeconds * 1000 / ratingCalls, 3),
            ["ledger_transactions"] = ledgerGroups,
            ["ledger_appends_per_transaction"] = Round(ledgerGroups == 0 ? double.NaN : (double)ledgerAppends / ledgerGroups, 1),
            ["ledger_rows_per_transaction"] = Round(ledgerGroups == 0 ? double.NaN : (double)accepted / ledgerGroups, 1),
            ["writer_busy_fraction"] = Round(writerBusy / loadSeconds, 3),
            ["writer_priority"] = database.WriterPriority,
            ["load_gc_collections"] = $"{gcInLoad.Gen0}/{gcInLoad.Gen1}/{gcInLoad.Gen2}",
            ["load_gc_pause_fraction"] = Round(gcInLoad.Paused.TotalSeconds / loadSeconds, 3),
            ["load_allocated_bytes_per_event"] = Round(accepted == 0 ? double.NaN : (double)gcInLoad.Allocated / accepted, 0),
            ["rss_mb"] = Round(Mb(rssEndOfLoad), 1),
            ["rss_peak_mb"] = Round(Mb(rssPeak), 1),
            ["payload_mb"] = Round(Mb(payloadBytes), 1),
            ["rss_host_started_mb"] = Round(Mb(rssHostStarted), 1),
            ["rss_after_setup_mb"] = Round(Mb(rssAfterSetup), 1),
            ["activations_after_setup"] = activationsAfterSetup,
            ["activations_before_load"] = activationsBeforeLoad,
            ["activations_after_load"] = activationsAfterLoad,
            ["rss_before_load_mb"] = Round(Mb(rssBeforeLoad), 1),
            ["managed_heap_before_load_mb"] = Round(Mb(heapBeforeLoad), 1),
            ["rss_server_after_load_mb"] = Round(Mb(rssServerAfterLoad), 1),
            ["server_bytes_per_sim"] = Round((double)(rssServerAfterLoad - rssHostStarted) / sims, 0),
            ["managed_heap_host_started_mb"] = Round(Mb(heapHostStarted), 1),
            ["managed_heap_after_load_mb"] = Round(Mb(heapAfterLoad), 1),
            ["managed_bytes_per_sim"] = Round((double)(heapAfterLoad - heapHostStarted) / sims, 0),
            ["gc_committed_after_load_mb"] = Round(Mb(gcCommittedAfterLoad), 1),
            ["sqlite_memory_after_load_mb"] = Round(Mb(sqliteAfterLoad), 1),
            ["rss_anon_host_started_mb"] = Round(Mb(anonHostStarted), 1),
            ["rss_file_host_started_mb"] = Round(Mb(fileHostStarted), 1),
            ["rss_anon_after_load_mb"] = Round(Mb(anonAfterLoad), 1),
            ["rss_anon_after_trim_mb"] = anonAfterTrim < 0 ? null : Round(Mb(anonAfterTrim), 1),
            ["rss_file_after_load_mb"] = Round(Mb(fileAfterLoad), 1),
            ["store_mb"] = Round(Mb(storeBytes), 1),
            ["setup_seconds"] = Round(setupSeconds, 1),
            ["quiet_wait_seconds"] = Round(quietWait.TotalSeconds, 1),
            ["total_seconds"] = Round(total.Elapsed.TotalSeconds, 1),
            ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ["full_sync"] = fullSync,
            ["loadavg_start"] = loadAverageStart,
            ["loadavg_before_load"] = loadAverageBeforeLoad,
            ["machine"] = MachineInfo.Describe(),
        };
        return result;
    }

    public static void PrintSummary(JsonObject r)
    {
        var o = Console.Out;
        o.WriteLine($"N-MCS ingest benchmark ({r["machine"]?["cpu"]}, {r["machine"]?["cores"]} cores, {r["machine"]?["runtime"]}, {r["gc"]} GC; load average {r["loadavg_start"]} at start, {r["machine"]?["loadavg_end"]} at end)");
        o.WriteLine($"  fleet        {r["sims"]} SIMs on {r["accounts"]} accounts (setup via GraphQL in {r["setup_seconds"]} s)");
        o.WriteLine($"  load         {r["events"]} DATA records, batches of {r["batch"]}, {r["concurrency"]} concurrent POST /ingest/usage");
        o.WriteLine($"  outcome      accepted {r["accepted"]}, duplicates {r["duplicates"]}, rejected {r["rejected"]}, failed {r["failed"]} in {r["seconds"]} s");
        o.WriteLine($"  throughput   {r["events_per_s"]} events/s vs no-I/O parse baseline {r["baseline_events_per_s"]} events/s -> ratio {r["ratio"]}");
        o.WriteLine($"  cpu          {r["load_cpu_seconds"]} CPU-s in the load phase = {r["load_cpu_utilization"]} of all cores (client, server and probes in one process);");
        o.WriteLine($"               {r["load_disk_write_mb"]} MB written to storage = {r["load_disk_write_bytes_per_event"]} B per accepted record");
        o.WriteLine($"  gc           collections {r["load_gc_collections"]} (gen0/1/2) in the load phase, paused {r["load_gc_pause_fraction"]} of it; {r["load_allocated_bytes_per_event"]} B allocated per record");
        o.WriteLine($"  rating       {r["rating_calls"]} rating calls ({r["rating_calls_per_s"]}/s), mean {r["rating_mean_ms"]} ms each (most of it waiting for the group commit)");
        o.WriteLine($"  ledger       {r["ledger_transactions"]} group-committed transactions, {r["ledger_appends_per_transaction"]} appends and {r["ledger_rows_per_transaction"]} accepted records each;");
        o.WriteLine($"               the store's one writer was busy {r["writer_busy_fraction"]} of the load phase (its thread: {r["writer_priority"]})");
        o.WriteLine($"  visible      p50 {r["p50_visible_ms"]} ms, p99 {r["p99_visible_ms"]} ms, max {r["max_visible_ms"]} ms ({r["visible_samples"]} batches; ack p99 {r["p99_ack_ms"]} ms)");
        o.WriteLine($"  memory       working set {r["rss_mb"]} MB at end of load (peak {r["rss_peak_mb"]} MB incl. {r["payload_mb"]} MB client payloads);");
        o.WriteLine($"               server after load {r["rss_server_after_load_mb"]} MB vs {r["rss_host_started_mb"]} MB idle -> {r["server_bytes_per_sim"]} B per SIM;");
        o.WriteLine($"               managed heap {r["managed_heap_after_load_mb"]} MB vs {r["managed_heap_host_started_mb"]} MB -> {r["managed_bytes_per_sim"]} B per SIM; store {r["store_mb"]} MB on disk");
        o.WriteLine($"               of the working set after load: GC committed {r["gc_committed_after_load_mb"]} MB, SQLite's allocations {r["sqlite_memory_after_load_mb"]} MB; private {r["rss_anon_after_load_mb"]} MB, mapped files {r["rss_file_after_load_mb"]} MB");
        o.WriteLine($"               activations {r["activations_after_setup"]} after setup, {r["activations_before_load"]} once idle ones were collected, {r["activations_after_load"]} after load");
    }

    /// <summary>
    /// Count and sum of <c>nmcs_rating_duration_seconds</c> from <c>/metrics</c>: one observation per SIM grain
    /// <c>RateUsage</c> call (one ledger transaction each). Setup rates nothing, so it is the load phase's.
    /// </summary>
    private static async Task<(long Count, double Sum)> RatingHistogramAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("metrics");
        long count = 0;
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "nmcs_rating_duration_seconds_count")
            {
                count = (long)double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts.Length == 2 && parts[0] == "nmcs_rating_duration_seconds_sum")
            {
                sum = double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return (count, sum);
    }

    /// <summary>Reads the record back until it is there with its charge (it should be on the first try).</summary>
    private static async Task<bool> ProbeVisibleAsync(GraphQLClient graphql, string recordId)
    {
        var query = $"{{ usageRecord(id: {GraphQLClient.Literal(recordId)}) {{ amount ratedAt }} }}";
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                var data = await graphql.ExecuteAsync(query);
                if (data.GetProperty("usageRecord").ValueKind == JsonValueKind.Object)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                Log($"  ! probe {recordId}: {e.Message}");
                return false;
            }

            await Task.Delay(5);
        }

        return false;
    }

    private static string CustomerDocument(int[] customers)
    {
        var document = new StringBuilder("mutation {");
        foreach (var j in customers)
        {
            document.Append(CultureInfo.InvariantCulture, $" c{j}: createCustomer(input: {{ id: \"{UsageWorkload.CustomerId(j)}\", name: \"Bench customer {j}\", currency: \"EUR\" }}) {{ id }}");
        }

        return document.Append(" }").ToString();
    }

    /// <summary>Register, assign and activate each SIM: mutation fields run in order, so one document does all three.</summary>
    private static string SimDocument(int[] chunk, string[] iccids, int accounts)
    {
        var document = new StringBuilder("mutation {");
        foreach (var i in chunk)
        {
            var iccid = iccids[i];
            document.Append(CultureInfo.InvariantCulture, $" r{i}: registerSim(input: {{ iccid: \"{iccid}\", imsi: \"{UsageWorkload.Imsi(i)}\", msisdn: \"{UsageWorkload.Msisdn(i)}\" }}) {{ status }}");
            document.Append(CultureInfo.InvariantCulture, $" a{i}: assignSim(iccid: \"{iccid}\", customerId: \"{UsageWorkload.CustomerId(i % accounts)}\") {{ status }}");
            document.Append(CultureInfo.InvariantCulture, $" v{i}: activateSim(iccid: \"{iccid}\", productId: \"bench-data\") {{ status }}");
        }

        return document.Append(" }").ToString();
    }

    private static async Task RunDocumentsAsync(GraphQLClient graphql, IEnumerable<string> documents, int parallelism, Action<int>? done = null, int itemsPerDocument = 0)
    {
        await Parallel.ForEachAsync(
            documents,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (document, cancellationToken) =>
            {
                await graphql.ExecuteAsync(document, cancellationToken);
                done?.Invoke(itemsPerDocument);
            });
    }

    private static HttpClient NewHttpClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };

    /// <summary>
    /// Waits until the process (host and client) uses less than a tenth of a core over half a second, or 60 s have
    /// passed; returns how long it waited.
    /// </summary>
    private static async Task<TimeSpan> WaitUntilQuietAsync()
    {
        var waited = Stopwatch.StartNew();
        var window = TimeSpan.FromMilliseconds(500);
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(window);
            if (Process.GetCurrentProcess().TotalProcessorTime - before < window / 10)
            {
                break;
            }
        }

        return waited.Elapsed;
    }

    private static long SettledWorkingSet()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Environment.WorkingSet;
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : -1;

    private static double Mb(long bytes) => bytes / 1_048_576.0;

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

/// <summary>The process's garbage collections so far: counts per generation, time paused and bytes allocated.</summary>
internal readonly record struct GcTally(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static GcTally Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

    public static GcTally operator -(GcTally after, GcTally before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused, after.Allocated - before.Allocated);
}
