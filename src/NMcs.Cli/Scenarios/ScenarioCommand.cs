using System.Text.Json;
using System.Text.Json.Nodes;

namespace NMcs.Cli.Scenarios;

/// <summary><c>nmcs scenario run FILE|DIR [--json]</c>.</summary>
public static class ScenarioCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>
    /// Runs one scenario file, or every <c>*.json</c> in a folder, each on its own fresh in-process platform.
    /// Prints the results (JSON with <paramref name="json"/>); the exit code is 0 when all passed, 1 otherwise,
    /// 2 when a file cannot be read. Differences go to <paramref name="stderr"/> readably.
    /// </summary>
    public static async Task<int> RunAsync(string path, bool json, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToList()
            : [path];
        var reports = new List<ScenarioReport>();
        foreach (var file in files)
        {
            ScenarioFile scenario;
            try
            {
                scenario = ScenarioFile.Load(file);
            }
            catch (ScenarioException e)
            {
                await stderr.WriteLineAsync(e.Message);
                return 2;
            }
            catch (IOException e)
            {
                await stderr.WriteLineAsync($"{file}: {e.Message}");
                return 2;
            }

            await using var host = await ScenarioHost.StartAsync(scenario.Start);
            var report = await new ScenarioRunner(host.Client).RunAsync(scenario);
            reports.Add(report);
            await WriteDiffAsync(report, stderr);
        }

        if (json)
        {
            var output = reports.Count == 1
                ? JsonSerializer.SerializeToNode(reports[0], Json)
                : new JsonObject { ["passed"] = reports.All(r => r.Passed), ["scenarios"] = JsonSerializer.SerializeToNode(reports, Json) };
            await stdout.WriteLineAsync(output!.ToJsonString(Json));
        }
        else
        {
            foreach (var report in reports)
            {
                await stdout.WriteLineAsync($"{(report.Passed ? "PASS" : "FAIL")}  {report.Name}  ({report.File})");
            }
        }

        return reports.All(r => r.Passed) ? 0 : 1;
    }

    private static async Task WriteDiffAsync(ScenarioReport report, TextWriter stderr)
    {
        if (report.Passed)
        {
            return;
        }

        await stderr.WriteLineAsync($"FAIL {report.Name} ({report.File})");
        foreach (var step in report.Steps.Where(s => !s.Passed))
        {
            await stderr.WriteLineAsync($"  step {step.Index} {step.Action}{(step.Note is null ? string.Empty : " — " + step.Note)}");
            foreach (var failure in step.Failures)
            {
                await stderr.WriteLineAsync("    " + failure);
            }
        }
    }
}
