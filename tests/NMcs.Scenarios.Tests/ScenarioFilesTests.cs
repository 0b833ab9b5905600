using NMcs.Cli.Scenarios;

namespace NMcs.Scenarios.Tests;

/// <summary>Every scenario in tests/scenarios runs on its own fresh in-process platform and must pass.</summary>
public sealed class ScenarioFilesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ScenarioFolder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Scenario_passes(string file)
    {
        var scenario = ScenarioFile.Load(Path.Combine(ScenarioFolder, file));
        await using var host = await ScenarioHost.StartAsync(scenario.Start);

        var report = await new ScenarioRunner(host.Client).RunAsync(scenario);

        var failures = report.Steps.Where(s => !s.Passed).SelectMany(s => s.Failures.Select(f => $"step {s.Index} {s.Action}: {f}"));
        Assert.True(report.Passed, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void A_wrong_expectation_is_reported_with_the_path_and_both_values()
    {
        var failures = new List<string>();
        var expected = System.Text.Json.Nodes.JsonNode.Parse("""{"total": 15.87, "lines": [{"amount": 0.83}]}""");
        var actual = System.Text.Json.Nodes.JsonNode.Parse("""{"total": 15.870, "number": "INV-1", "lines": [{"amount": 0.84}]}""");

        ExpectationMatcher.Match(expected, actual, "", failures);

        // 15.87 equals 15.870 as a decimal; the line amount differs.
        Assert.Equal(["/lines/0/amount: expected 0.83, got 0.84"], failures);
    }

    [Fact]
    public void A_step_with_two_actions_is_refused_when_loading()
    {
        var path = Path.Combine(Path.GetTempPath(), "nmcs-bad-scenario-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{"name":"bad","start":"2026-03-01T00:00:00Z","steps":[{"clock":{"to":"2026-03-02T00:00:00Z"},"usage":[]}]}""");
        try
        {
            var e = Assert.Throws<ScenarioException>(() => ScenarioFile.Load(path));
            Assert.Contains("exactly one action", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string ScenarioFolder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NMcs.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("NMcs.sln not found"), "tests", "scenarios");
        }
    }
}
