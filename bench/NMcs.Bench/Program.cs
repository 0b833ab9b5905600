using System.Text.Json;
using System.Text.Json.Nodes;
using NMcs.Bench;

// dotnet run -c Release --project bench/NMcs.Bench -- <name> [options] --json
// The last stdout line is one JSON object (the results); progress goes to stderr.
// The host runs in this process: give it the glibc arena cap the systemd unit gives NMcs.Host (deploy/README.md).
// glibc reads MALLOC_ARENA_MAX only at start, so the benchmark runs itself again with it set.
if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
{
    return await Relaunch.WithArenaCapAsync(args);
}

const string Usage = """
    usage: NMcs.Bench ingest [--sims N] [--accounts N] [--events N] [--batch N] [--concurrency N]
                             [--setup-batch N] [--baseline-seconds N] [--full-sync] [--json]
             defaults: --sims 1000 --accounts 100 --events 200000 --batch 5000 --concurrency 4
           NMcs.Bench ledger [--rows N] [--per-call N] [--parallel N] [--sims N] [--accounts N] [--no-lookup] [--full-sync] [--json]
             defaults: --rows 200000 --per-call 5 --parallel 4
           NMcs.Bench rating [--records N] [--seconds N] [--warmup-seconds N] [--min-passes N] [--rule NAME]
                             [--rule-batch N] [--plugins DIR] [--time-zone TZ] [--json]
             defaults: --records 200000 --seconds 20 --warmup-seconds 1 --min-passes 5 --rule NightDataFree --rule-batch 256
           NMcs.Bench redeploy [--redeploys N] [--warmup N] [--checkpoints N] [--json]
             defaults: --redeploys 1000 --warmup 20 --checkpoints 10
           NMcs.Bench publish [--publishes N] [--poll-ms N] [--phase random|worst] [--seed N] [--full-sync] [--json]
             defaults: --publishes 20 --poll-ms 2 --phase random --seed 1
           NMcs.Bench billrun [--payers N] [--subscriptions N] [--setup seed|grains] [--setup-parallel N]
                              [--baseline-seconds N] [--probe-payers N] [--full-sync] [--json]
             defaults: --payers 1000 --subscriptions 10000 --setup seed --setup-parallel 8 --probe-payers 500
           NMcs.Bench fileimport [--format csv|3gpp] [--records N] [--sims N] [--accounts N] [--batch N] [--json]
             defaults: --format csv --records 200000 --sims 1000 --accounts 100 --batch 5000
           NMcs.Bench provisioning [--orders N] [--concurrency N] [--json]
             defaults: --orders 20000 --concurrency 64
    """;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
    var known = options.Command switch
    {
        "ingest" => IngestBenchmark.Options,
        "ledger" => LedgerBenchmark.Options,
        "rating" => RatingBenchmark.Options,
        "redeploy" => RedeployBenchmark.Options,
        "publish" => PublishBenchmark.Options,
        "billrun" => BillRunBenchmark.Options,
        "fileimport" => FileImportBenchmark.Options,
        "provisioning" => ProvisioningBenchmark.Options,
        _ => throw new ArgumentException($"unknown benchmark '{options.Command}'."),
    };
    var unknown = options.Unknown(known);
    if (unknown.Count > 0)
    {
        throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
    }
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    JsonObject result;
    switch (options.Command)
    {
        case "ledger":
            result = await LedgerBenchmark.RunAsync(options);
            LedgerBenchmark.PrintSummary(result);
            break;
        case "rating":
            result = RatingBenchmark.Run(options);
            RatingBenchmark.PrintSummary(result);
            break;
        case "redeploy":
            result = RedeployBenchmark.Run(options);
            RedeployBenchmark.PrintSummary(result);
            break;
        case "publish":
            result = await PublishBenchmark.RunAsync(options);
            PublishBenchmark.PrintSummary(result);
            break;
        case "billrun":
            result = await BillRunBenchmark.RunAsync(options);
            BillRunBenchmark.PrintSummary(result);
            break;
        case "fileimport":
            result = await FileImportBenchmark.RunAsync(options);
            FileImportBenchmark.PrintSummary(result);
            break;
        case "provisioning":
            result = await ProvisioningBenchmark.RunAsync(options);
            ProvisioningBenchmark.PrintSummary(result);
            break;
        default:
            result = await IngestBenchmark.RunAsync(options);
            IngestBenchmark.PrintSummary(result);
            break;
    }

    if (options.Json)
    {
        Console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}
