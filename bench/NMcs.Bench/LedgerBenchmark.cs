using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NMcs.Storage;

namespace NMcs.Bench;

/// <summary>
/// <c>ledger</c>: the usage ledger's write path alone (no HTTP, no grains), exactly as <c>SimGrain.RateUsage</c>
/// drives it: per call one <see cref="UsageLedger.FindExistingAsync"/> and one <see cref="UsageLedger.AppendAsync"/>
/// transaction of <c>--per-call</c> rows, from <c>--parallel</c> concurrent callers. Shows what the SQLite store can
/// take at a given rows-per-transaction, i.e. the ceiling of ingestion when every SIM's share of a batch is its own
/// transaction.
/// </summary>
internal static class LedgerBenchmark
{
    public static readonly string[] Options = ["rows", "per-call", "parallel", "sims", "accounts", "no-lookup", "full-sync", "json"];

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var rowCount = options.Int("rows", 200_000);
        var perCall = options.Int("per-call", 5, max: 50_000);
        var parallel = options.Int("parallel", 4, max: 256);
        var lookup = !options.Flag("no-lookup");
        var fullSync = options.Flag("full-sync");

        // The key spread of the ingest benchmark's fleet: record n belongs to SIM n mod sims, SIM i to account i mod
        // accounts. The defaults (1,000 SIMs, one account) keep the figures of earlier runs comparable.
        var sims = options.Int("sims", 1_000, max: 10_000_000);
        var accounts = options.Int("accounts", 1, max: sims);
        var iccids = Enumerable.Range(0, sims).Select(UsageWorkload.Iccid).ToArray();
        var accountIds = Enumerable.Range(0, accounts).Select(j => UsageWorkload.CustomerId(j) + ":payer").ToArray();
        var directory = Path.Combine(Path.GetTempPath(), "nmcs-ledger-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var database = new SqliteDatabase(Path.Combine(directory, "nmcs.db"), fullSync);
            await database.EnsureSchemaAsync();
            var ledger = new UsageLedger(database);
            var now = new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
            var calls = Enumerable.Range(0, rowCount).Chunk(perCall).Select(chunk => chunk.Select(n => new RatedUsageRow(
                "L-" + n.ToString("D10", System.Globalization.CultureInfo.InvariantCulture),
                iccids[n % sims],
                accountIds[n % sims % accounts],
                "2026-03",
                "Data",
                1 + (n % 2_048),
                "KB",
                UsageWorkload.UsageStart.AddSeconds(n % 86_400),
                "bench-data",
                1,
                "MB",
                0.5m,
                0m,
                0.5m,
                0.02m,
                0.01m,
                0.01m,
                "EUR",
                "0.5 MB x 0.02",
                now,
                null,
                Counters: "a bench-data Data 0.5",
                Charges: "0.5 0.5 0.01 bench-data-usage")).ToList()).ToList();
            var diskBefore = MachineInfo.DiskWriteBytes();
            var busyBefore = database.WriterBusy;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (rows, cancellationToken) =>
            {
                if (lookup)
                {
                    await ledger.FindExistingAsync(rows.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), cancellationToken);
                }

                await ledger.AppendAsync(rows, cancellationToken);
            });
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var busySeconds = (database.WriterBusy - busyBefore).TotalSeconds;
            var diskWrites = diskBefore < 0 ? -1 : MachineInfo.DiskWriteBytes() - diskBefore;
            return new JsonObject
            {
                ["benchmark"] = "ledger",
                ["rows"] = rowCount,
                ["sims"] = sims,
                ["accounts"] = accounts,
                ["per_call"] = perCall,
                ["parallel"] = parallel,
                ["lookup"] = lookup,
                ["full_sync"] = fullSync,
                ["seconds"] = Math.Round(seconds, 3),
                ["cpu_seconds"] = Math.Round(cpuSeconds, 1),
                ["cpu_utilization"] = Math.Round(cpuSeconds / (seconds * Environment.ProcessorCount), 3),
                ["rows_per_s"] = Math.Round(rowCount / seconds, 1),
                ["transactions_per_s"] = Math.Round(calls.Count / seconds, 1),
                ["writer_busy_fraction"] = Math.Round(busySeconds / seconds, 3),
                ["writer_us_per_row"] = Math.Round(busySeconds * 1e6 / rowCount, 1),
                ["disk_write_bytes_per_row"] = diskWrites < 0 ? null : Math.Round((double)diskWrites / rowCount, 0),
                ["machine"] = MachineInfo.Describe(),
            };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    public static void PrintSummary(JsonObject r) =>
        Console.Out.WriteLine(
            $"N-MCS ledger write path: {r["rows"]} rows, {r["per_call"]} per transaction, {r["parallel"]} parallel, lookup {r["lookup"]}: " +
            $"{r["rows_per_s"]} rows/s, {r["transactions_per_s"]} transactions/s ({r["seconds"]} s, CPU {r["cpu_utilization"]} of all cores)");
}
