using System.Globalization;

namespace NMcs.Cli;

/// <summary>Parsed command line: positional words and the few options every command shares.</summary>
internal sealed class CliOptions
{
    public List<string> Positional { get; } = [];

    public string Url { get; private set; } = Environment.GetEnvironmentVariable("NMCS_URL") ?? "http://127.0.0.1:5080";

    public bool Json { get; private set; }

    public int Batch { get; private set; } = 5_000;

    public string? Variables { get; private set; }

    public static CliOptions Parse(string[] args)
    {
        var options = new CliOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Length:
                    options.Url = args[++i];
                    break;
                case "--json":
                    options.Json = true;
                    break;
                case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var batch) && batch is > 0 and <= 50_000:
                    options.Batch = batch;
                    i++;
                    break;
                case "--variables" when i + 1 < args.Length:
                    options.Variables = args[++i];
                    break;
                default:
                    options.Positional.Add(args[i]);
                    break;
            }
        }

        return options;
    }
}
