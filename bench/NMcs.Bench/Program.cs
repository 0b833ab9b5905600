using System.Text.Json;
using System.Text.Json.Nodes;
using NMcs.Bench;

// dotnet run -c Release --project bench/NMcs.Bench -- <name> [options] --json
// The last stdout line is one JSON object (the results); progress goes to stderr.
const string Usage = """
    usage: NMcs.Bench ingest [--sims N] [--accounts N] [--events N] [--batch N] [--concurrency N]
                             [--setup-batch N] [--baseline-seconds N] [--full-sync] [--json]
             defaults: --sims 1000 --accounts 100 --events 200000 --batch 5000 --concurrency 4
           NMcs.Bench ledger [--rows N] [--per-call N] [--parallel N] [--no-lookup] [--full-sync] [--json]
             defaults: --rows 200000 --per-call 5 --parallel 4
    """;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
    var known = options.Command switch
    {
        "ingest" => IngestBenchmark.Options,
        "ledger" => LedgerBenchmark.Options,
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
    if (options.Command == "ledger")
    {
        result = await LedgerBenchmark.RunAsync(options);
        LedgerBenchmark.PrintSummary(result);
    }
    else
    {
        result = await IngestBenchmark.RunAsync(options);
        IngestBenchmark.PrintSummary(result);
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
