using System.Text.Json;
using NMcs.Bench;

// dotnet run -c Release --project bench/NMcs.Bench -- <name> [options] --json
// The last stdout line is one JSON object (the results); progress goes to stderr.
const string Usage = """
    usage: NMcs.Bench ingest [--sims N] [--accounts N] [--events N] [--batch N] [--concurrency N]
                             [--setup-batch N] [--baseline-seconds N] [--full-sync] [--json]
      defaults: --sims 1000 --accounts 100 --events 200000 --batch 5000 --concurrency 4
    """;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
    if (options.Command != "ingest")
    {
        throw new ArgumentException($"unknown benchmark '{options.Command}'.");
    }

    var unknown = options.Unknown(IngestBenchmark.Options);
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
    var result = await IngestBenchmark.RunAsync(options);
    IngestBenchmark.PrintSummary(result);
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
