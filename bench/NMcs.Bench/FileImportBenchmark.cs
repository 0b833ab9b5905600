using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Mediation.Cdr;
using NMcs.Mediation.Collection;
using NMcs.Mediation.Csv;
using NMcs.Storage;
using static NMcs.Bench.BenchMath;

namespace NMcs.Bench;

/// <summary>
/// CDR file import: one file of <c>records</c> usage records (CSV rows or 3GPP PGW-CDRs with one rating group each)
/// dropped into the inbound folder of an in-process host; records/s from the rename into the folder until the file is
/// archived (every record rated and committed). Baseline: the same file parsed by the same format, one thread, no
/// I/O, no rating.
/// </summary>
internal static class FileImportBenchmark
{
    public static readonly string[] Options = ["records", "sims", "accounts", "format", "batch", "json"];
    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var records = options.Int("records", 200_000);
        var sims = options.Int("sims", 1_000);
        var accounts = options.Int("accounts", 100);
        var batch = options.Int("batch", 5_000);
        var format = options.String("format") ?? "csv";
        if (format is not ("csv" or "3gpp"))
        {
            throw new ArgumentException("--format is csv or 3gpp.");
        }

        var loadStart = MachineInfo.LoadAverage();
        var folders = Path.Combine(Path.GetTempPath(), "nmcs-bench-files-" + Guid.NewGuid().ToString("N")[..12]);
        var inbound = Path.Combine(folders, "inbound");
        Directory.CreateDirectory(inbound);
        string[] arguments =
        [
            "--NMcs:Mediation:InboundFolder=" + inbound,
            "--NMcs:Mediation:PollSeconds=0.05",
            "--NMcs:Mediation:BatchSize=" + batch.ToString(CultureInfo.InvariantCulture),
            "--NMcs:Mediation:HomePlmn=262-01",
            "--NMcs:Mediation:Csv:Sources:0:Name=bench-csv",
            "--NMcs:Mediation:Csv:Sources:0:FilePatterns:0=bench-*.csv",
            "--NMcs:Mediation:Csv:Sources:0:SimKind=iccid",
            "--NMcs:Mediation:Csv:Sources:0:Service=DATA",
            "--NMcs:Mediation:Csv:Sources:0:Unit=KB",
            "--NMcs:Mediation:Csv:Sources:0:Columns:RecordId={seq}",
            "--NMcs:Mediation:Csv:Sources:0:Columns:Sim=iccid",
            "--NMcs:Mediation:Csv:Sources:0:Columns:Timestamp=time",
            "--NMcs:Mediation:Csv:Sources:0:Columns:Quantity=kb",
        ];
        try
        {
            await using var host = await InProcessHost.StartAsync(ClockStart, fullSync: false, billingSchedule: false, arguments);
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            var graphql = new GraphQLClient(http);
            var setup = Stopwatch.StartNew();
            var iccids = Enumerable.Range(0, sims).Select(UsageWorkload.Iccid).ToArray();
            await graphql.ExecuteAsync("""
                mutation { createProduct(input: { id: "bench-data", name: "Bench M2M data", currency: "EUR", monthlyFee: 2.5, activationFee: 0,
                  usageCharges: [{ serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.02, includedUnits: 10 }] }) { id } }
                """);
            foreach (var chunk in Enumerable.Range(0, accounts).Chunk(100))
            {
                await graphql.ExecuteAsync("mutation {" + string.Concat(chunk.Select(j => $" c{j}: createCustomer(input: {{ id: \"{UsageWorkload.CustomerId(j)}\", name: \"Bench customer {j}\", currency: \"EUR\" }}) {{ id }}")) + " }");
            }

            await Parallel.ForEachAsync(Enumerable.Range(0, sims).Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
                await graphql.ExecuteAsync("mutation {" + string.Concat(chunk.Select(i =>
                    $" r{i}: registerSim(input: {{ iccid: \"{iccids[i]}\", imsi: \"{UsageWorkload.Imsi(i)}\", msisdn: \"{UsageWorkload.Msisdn(i)}\" }}) {{ status }}" +
                    $" a{i}: assignSim(iccid: \"{iccids[i]}\", customerId: \"{UsageWorkload.CustomerId(i % accounts)}\") {{ status }}" +
                    $" v{i}: activateSim(iccid: \"{iccids[i]}\", productId: \"bench-data\") {{ status }}")) + " }", ct));
            await graphql.ExecuteAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now } }");
            Log($"{sims} SIMs on {accounts} accounts set up in {setup.Elapsed.TotalSeconds:F1} s");

            // The file, written up front (not timed): record n on SIM n mod sims, 1-2,048 KB, minutes apart.
            var (name, content) = format == "csv" ? Csv(records, iccids) : ThreeGpp(records, sims);
            var baseline = Baseline(format, name, content);
            Log($"{name}: {Mb(content.Length):F1} MB; baseline {baseline:F0} records/s");

            var imports = host.Services.GetRequiredService<FileImportStore>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var temp = Path.Combine(inbound, name + ".part");
            await File.WriteAllBytesAsync(temp, content);
            var clock = Stopwatch.StartNew();
            File.Move(temp, Path.Combine(inbound, name));
            FileImportRecord? done = null;
            while (clock.Elapsed < TimeSpan.FromMinutes(30))
            {
                var found = await imports.ListAsync(null, name, 1);
                if (found.Count == 1 && found[0].Status != "importing")
                {
                    done = found[0];
                    break;
                }

                await Task.Delay(20);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (done is null)
            {
                throw new InvalidOperationException($"{name} was not finished within 30 minutes.");
            }

            var perSecond = done.Counts.Received / seconds;
            return new JsonObject
            {
                ["benchmark"] = "fileimport",
                ["format"] = format,
                ["records"] = records,
                ["sims"] = sims,
                ["accounts"] = accounts,
                ["batch"] = batch,
                ["file_mb"] = Round(Mb(content.Length), 1),
                ["status"] = done.Status,
                ["received"] = done.Counts.Received,
                ["rated"] = done.Counts.Rated,
                ["rejected"] = done.Counts.Rejected,
                ["duplicates"] = done.Counts.Duplicates,
                ["seconds"] = Round(seconds, 3),
                ["records_per_s"] = Round(perSecond, 1),
                ["baseline"] = "the same file parsed by the same format (CsvUsageParser / CdrFileDecoder), 1 thread, no I/O, no rating",
                ["baseline_records_per_s"] = Round(baseline, 1),
                ["ratio"] = Round(perSecond / baseline, 5),
                ["cpu_seconds"] = Round(cpuSeconds, 1),
                ["cpu_utilization"] = Round(cpuSeconds / seconds / Environment.ProcessorCount, 3),
                ["setup_seconds"] = Round(setup.Elapsed.TotalSeconds, 1),
                ["loadavg_start"] = loadStart,
                ["machine"] = MachineInfo.Describe(),
            };
        }
        finally
        {
            try
            {
                Directory.Delete(folders, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static void PrintSummary(JsonObject result)
    {
        Console.Out.WriteLine($"N-MCS file import benchmark ({result["format"]}, {result["records"]} records on {result["sims"]} SIMs, load average {result["loadavg_start"]} at start)");
        Console.Out.WriteLine($"  import       {result["status"]}: {result["received"]} received = {result["rated"]} rated + {result["rejected"]} rejected + {result["duplicates"]} duplicates in {result["seconds"]} s = {result["records_per_s"]} records/s");
        Console.Out.WriteLine($"  baseline     {result["baseline_records_per_s"]} records/s parsed in memory -> ratio {result["ratio"]}");
        Console.Out.WriteLine($"  cpu          {result["cpu_seconds"]} CPU-s = {result["cpu_utilization"]} of all cores");
    }

    private static (string Name, byte[] Content) Csv(int records, string[] iccids)
    {
        var csv = new StringBuilder("seq,iccid,time,kb\n", records * 64);
        for (var n = 0; n < records; n++)
        {
            var time = UsageWorkload.UsageStart.AddSeconds(n % 1_400_000);
            csv.Append(CultureInfo.InvariantCulture, $"{n},{iccids[n % iccids.Length]},{time:yyyy-MM-dd'T'HH:mm:ss'Z'},{1 + (n % 2048)}\n");
        }

        return ("bench-0001.csv", Encoding.UTF8.GetBytes(csv.ToString()));
    }

    private static (string Name, byte[] Content) ThreeGpp(int records, int sims)
    {
        var cdrs = Enumerable.Range(0, records).Select(n => new GatewayCdr
        {
            Kind = GatewayCdrKind.Pgw,
            ServedImsi = UsageWorkload.Imsi(n % sims),
            GatewayAddress = IPAddress.Parse("192.0.2.10"),
            ChargingId = (uint)(n / 4),
            RecordOpeningTime = UsageWorkload.UsageStart.AddSeconds(n % 1_400_000),
            Duration = 600,
            CauseForRecordClosing = 16,
            RecordSequenceNumber = n % 4,
            NodeId = "pgw-bench-1",
            ServingNodePlmnId = PlmnId.Parse("262-01"),
            ServiceData = [new ServiceDataContainer { RatingGroup = 10, DataVolumeUplink = 1_024L * (1 + (n % 1024)), DataVolumeDownlink = 1_024L * (1 + (n % 1024)) }],
        });
        var header = new CdrFileHeader
        {
            FileOpeningTimestamp = CdrFileTimestamp.From(UsageWorkload.UsageStart),
            LastCdrAppendedTimestamp = CdrFileTimestamp.From(UsageWorkload.UsageStart.AddDays(16)),
            NodeAddress = IPAddress.Parse("192.0.2.10"),
            FileSequenceNumber = 1,
        };
        return ("bench-0001.cdr", CdrFileWriter.Write(header, cdrs));
    }

    private static double Baseline(string format, string name, byte[] content)
    {
        ICdrFileFormat reader = format == "csv"
            ? new CsvFileFormat(CsvUsageParser.Create(
                new CsvSourceMapping
                {
                    Name = "bench-csv",
                    FilePatterns = ["bench-*.csv"],
                    SimKind = "iccid",
                    Service = "DATA",
                    Unit = "KB",
                    Columns = new CsvColumnMapping { RecordId = "{seq}", Sim = "iccid", Timestamp = "time", Quantity = "kb" },
                },
                "bench"))
            : new ThreeGppFileFormat(["*.cdr"], new CdrDecoderOptions(PlmnId.Parse("262-01")));
        var best = 0.0;
        var total = Stopwatch.StartNew();
        for (var pass = 0; pass < 3 || total.Elapsed < TimeSpan.FromSeconds(2); pass++)
        {
            var clock = Stopwatch.StartNew();
            var count = 0L;
            using var stream = new MemoryStream(content, writable: false);
            foreach (var item in reader.Read(name, stream, 0))
            {
                count += item.Usage is null ? 0 : 1;
            }

            best = Math.Max(best, count / clock.Elapsed.TotalSeconds);
        }

        return best;
    }
}
