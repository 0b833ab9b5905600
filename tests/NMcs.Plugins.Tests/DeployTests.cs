using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace NMcs.Plugins.Tests;

public sealed class DeployTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly RuleRunner _runner = TestRules.FastRunner();
    private readonly TariffRuleRegistry _registry;
    private readonly ITestOutputHelper _output;

    public DeployTests(ITestOutputHelper output)
    {
        _output = output;
        _registry = new TariffRuleRegistry(_time, _runner);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _runner.Dispose();
    }

    [Fact]
    public void Deploy_assigns_versions_and_keeps_metadata()
    {
        var source = TestRules.Multiplier(2m);

        var first = _registry.Deploy("Multiplier", source);

        Assert.True(first.Succeeded, first.Summary);
        Assert.Equal(1, first.Version);
        var info = first.Info!;
        Assert.Equal("Multiplier", info.Name);
        Assert.Equal(TariffRuleCompiler.Sha256Hex(source), info.Sha256);
        Assert.Equal(_time.GetUtcNow(), info.DeployedAt);
        Assert.Equal("Multiplier.cs", info.FileName);
        Assert.Equal("Multiplier", info.ClassName);
        Assert.Equal(source, info.Source);

        _time.Advance(TimeSpan.FromMinutes(5));
        var second = _registry.Deploy("Multiplier", TestRules.Multiplier(3m));
        Assert.Equal(2, second.Version);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 8, 5, 0, TimeSpan.Zero), second.Info!.DeployedAt);
        Assert.Equal([1, 2], _registry.GetHistory("multiplier").Select(h => h.Version));
        Assert.Equal(2, Assert.Single(_registry.GetActive()).Version);
    }

    [Fact]
    public void Deploying_the_active_source_again_changes_nothing()
    {
        var source = TestRules.Multiplier(2m);
        _registry.Deploy("Multiplier", source);
        var active = _registry.Get("Multiplier");

        var again = _registry.Deploy("Multiplier", source);

        Assert.True(again.Succeeded);
        Assert.True(again.Unchanged);
        Assert.Equal(1, again.Version);
        Assert.Same(active, _registry.Get("Multiplier"));
    }

    [Fact]
    public void Failing_samples_refuse_the_rule_and_report_expected_and_actual()
    {
        var source = TestRules.Multiplier(2m).Replace("10m * 2m", "21m", StringComparison.Ordinal);

        var result = _registry.Deploy("Multiplier", source);

        Assert.False(result.Succeeded);
        var failure = Assert.Single(result.SampleFailures);
        Assert.Equal("ten", failure.SampleName);
        Assert.Equal(21m, failure.ExpectedAmount);
        Assert.Equal(20m, failure.ActualAmount);
        Assert.Equal("sample 'ten': expected 21 but the rule returned 20", failure.Reason);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(RuleDiagnosticKind.SampleFailed, diagnostic.Kind);
        Assert.Null(_registry.Get("Multiplier"));
    }

    [Fact]
    public void A_failed_redeploy_keeps_the_active_version()
    {
        _registry.Deploy("Multiplier", TestRules.Multiplier(2m));

        var broken = _registry.Deploy("Multiplier", "this is not C#");

        Assert.False(broken.Succeeded);
        Assert.Equal(1, _registry.Get("Multiplier")!.Version);
        Assert.Equal(3m, _registry.Deploy("Multiplier", TestRules.Multiplier(3m)) is { Version: 2 } ? _registry.Get("Multiplier")!.Apply(TestRules.Input(rated: 1m)).Output!.Amount : -1m);
    }

    [Fact]
    public void A_rule_without_samples_is_refused()
    {
        var result = _registry.Deploy("Probe", TestRules.WithBody(""));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(RuleDiagnosticIds.NoSamples, error.Id);
        Assert.Contains("no samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_that_throws_refuses_the_rule_with_the_reason()
    {
        var source = TestRules.Multiplier(2m).Replace(
            "public RuleOutput Apply(RuleInput input) =>",
            "public RuleOutput Apply(RuleInput input) => input.RatedAmount > 5m ? throw new System.InvalidOperationException(\"no tariff\") :",
            StringComparison.Ordinal);

        var result = _registry.Deploy("Multiplier", source);

        var failure = Assert.Single(result.SampleFailures);
        Assert.Null(failure.ActualAmount);
        Assert.Contains("rule threw InvalidOperationException", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("no tariff", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constructor_that_throws_is_refused()
    {
        var source = TestRules.Multiplier(2m).Replace(
            "public sealed class Multiplier : ITariffRule\n{",
            "public sealed class Multiplier : ITariffRule\n{\n    public Multiplier() => throw new System.ArgumentException(\"bad config\");",
            StringComparison.Ordinal);

        var result = _registry.Deploy("Multiplier", source);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(RuleDiagnosticKind.LoadFailed, error.Kind);
        Assert.Equal("constructor of Multiplier: rule threw ArgumentException at Multiplier.cs line 6: bad config", error.Message);
    }

    [Fact]
    public void A_Samples_getter_that_throws_is_refused()
    {
        var source = TestRules.Multiplier(2m).Replace(
            "public IReadOnlyList<RuleSample> Samples { get; } =",
            "public IReadOnlyList<RuleSample> Samples => throw new System.NotImplementedException();\n    private IReadOnlyList<RuleSample> Unused { get; } =",
            StringComparison.Ordinal);

        var result = _registry.Deploy("Multiplier", source);

        Assert.False(result.Succeeded);
        Assert.StartsWith("Samples getter: rule threw NotImplementedException", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_answers_the_same_sample_differently_is_refused()
    {
        // A static counter makes the second run of the sample differ from the first.
        var source = TestRules.Multiplier(2m).Replace(
            "public RuleOutput Apply(RuleInput input) => new(input.RatedAmount * 2m,",
            "private static int _calls;\n    public RuleOutput Apply(RuleInput input) => new(input.RatedAmount * 2m + (_calls++ == 0 ? 0m : 1m),",
            StringComparison.Ordinal);

        var result = _registry.Deploy("Multiplier", source);

        var failure = Assert.Single(result.SampleFailures);
        Assert.Equal("sample 'ten': returned 20 then 21 for the same input; rules must be deterministic", failure.Reason);
    }

    [Fact]
    public void A_forbidden_API_is_refused_at_deploy_with_its_location()
    {
        var result = _registry.Deploy("Probe", TestRules.WithBody("System.IO.File.Delete(\"/tmp/x\");"));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(RuleDiagnosticKind.ForbiddenApi, error.Kind);
        Assert.Contains("Probe.cs: line", result.Summary, StringComparison.Ordinal);
        Assert.Contains("System.IO.File is not allowed in tariff rules", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_names_are_refused()
    {
        var result = _registry.Deploy("no spaces please", TestRules.Multiplier(2m));

        Assert.False(result.Succeeded);
        Assert.Equal(RuleDiagnosticIds.InvalidRuleName, Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void DeploySource_uses_the_declared_name()
    {
        var source = TestRules.Multiplier(2m).Replace(
            "public sealed class Multiplier : ITariffRule\n{",
            "public sealed class Multiplier : ITariffRule\n{\n    public const string RuleName = \"double-it\";",
            StringComparison.Ordinal);

        var result = _registry.DeploySource(source, "whatever.cs");

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal("double-it", result.Name);
        Assert.NotNull(_registry.Get("double-it"));
        Assert.Null(_registry.Get("Multiplier"));
    }

    [Fact]
    public void Activated_is_raised_with_the_previous_version()
    {
        var seen = new List<(int Version, int? Previous)>();
        _registry.Activated += (_, e) => seen.Add((e.Info.Version, e.PreviousVersion));

        _registry.Deploy("Multiplier", TestRules.Multiplier(2m));
        _registry.Deploy("Multiplier", TestRules.Multiplier(3m));

        Assert.Equal([(1, null), (2, 1)], seen);
    }

    [Fact]
    public void LoadPersisted_rebuilds_a_version_without_bumping_numbers()
    {
        var v1 = TestRules.Multiplier(2m);
        var v2 = TestRules.Multiplier(3m);
        var deployedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var otherRunner = TestRules.FastRunner();
        using var otherSilo = new TariffRuleRegistry(_time, otherRunner);

        var loaded = otherSilo.LoadPersisted("Multiplier", 7, v2, deployedAt);

        Assert.True(loaded.Succeeded, loaded.Summary);
        Assert.Equal(7, loaded.Version);
        Assert.Equal(deployedAt, loaded.Info!.DeployedAt);
        Assert.Equal(7, otherSilo.Get("Multiplier")!.Version);
        Assert.True(otherSilo.LoadPersisted("Multiplier", 7, v2, deployedAt).Unchanged);

        var stale = otherSilo.LoadPersisted("Multiplier", 6, v1, deployedAt);
        Assert.False(stale.Succeeded);
        Assert.Contains("older than the active version 7", Assert.Single(stale.Diagnostics).Message, StringComparison.Ordinal);

        var conflicting = otherSilo.LoadPersisted("Multiplier", 7, v1, deployedAt);
        Assert.False(conflicting.Succeeded);

        Assert.Equal(8, otherSilo.Deploy("Multiplier", v1).Version);
    }

    [Fact]
    public void BuildCandidate_loads_without_activating()
    {
        var result = _registry.BuildCandidate(TestRules.Multiplier(4m), "Multiplier.cs");

        Assert.True(result.Succeeded, result.Summary);
        var candidate = result.Candidate!;
        Assert.Equal(0, candidate.Version);
        Assert.Null(_registry.Get("Multiplier"));
        Assert.Equal(8m, candidate.Apply(TestRules.Input(rated: 2m)).Output!.Amount);
        candidate.Unload();
        Assert.True(candidate.IsRetired);
    }

    [Fact]
    public void Redeploy_swaps_atomically_and_the_old_load_context_is_collected()
    {
        var (oldContext, oldRule) = DeployV1AndTakeIt();

        var v2 = _registry.Deploy("Multiplier", TestRules.Multiplier(3m));

        Assert.Equal(2, v2.Version);
        Assert.Equal(30m, _registry.Get("Multiplier")!.Apply(TestRules.Input(rated: 10m)).Output!.Amount);
        // A record that took v1 before the swap is still rated wholly by v1.
        Assert.True(RateWithAndDrop(oldRule));
        Assert.False(_registry.Get("Multiplier")!.IsRetired);
        Assert.True(TestRules.Collect(oldContext), "the load context of v1 was not collected after v2 replaced it");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private (WeakReference Context, WeakReference Rule) DeployV1AndTakeIt()
    {
        Assert.True(_registry.Deploy("Multiplier", TestRules.Multiplier(2m)).Succeeded);
        var rule = _registry.Get("Multiplier")!;
        Assert.Equal(20m, rule.Apply(TestRules.Input(rated: 10m)).Output!.Amount);
        return (rule.GetLoadContextWeakReference(), new WeakReference(rule));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool RateWithAndDrop(WeakReference weakRule)
    {
        if (weakRule.Target is not CompiledRule rule)
        {
            return true; // already gone: nothing to rate
        }

        Assert.True(rule.IsRetired);
        Assert.Equal(1, rule.Version);
        return rule.Apply(TestRules.Input(rated: 10m)).Output?.Amount == 20m;
    }

    [Fact]
    public void A_thousand_redeploys_keep_one_load_context_and_flat_memory()
    {
        // Issue 3: previous versions are unloaded and memory stays flat across 1,000 redeploys in one process.
        const int warmup = 20;
        const int redeploys = 1_000;
        var contexts = new List<WeakReference>(warmup + redeploys);
        for (var i = 1; i <= warmup; i++)
        {
            contexts.Add(DeployAndForget(i));
        }

        TestRules.Collect(contexts[^2]);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = warmup + 1; i <= warmup + redeploys; i++)
        {
            contexts.Add(DeployAndForget(i));
        }

        Assert.Equal(warmup + redeploys, _registry.Get("Multiplier")!.Version);
        TestRules.Collect(contexts[^2], attempts: 40);
        var alive = contexts.Count(c => c.IsAlive);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        _output.WriteLine($"{redeploys} redeploys: {alive} of {contexts.Count} load contexts alive; managed heap {before / 1024} KiB -> {after / 1024} KiB");

        // Exactly the active version is alive: none of the 1,019 replaced ones.
        Assert.Equal(1, alive);
        Assert.True(contexts[^1].IsAlive);
        // Flat: the benchmark measures about 2 MB over 1,000 redeploys (Roslyn's syntax caches and the 100 versions
        // of history); 1,000 leaked versions would be far more.
        Assert.True(after - before < 16L * 1024 * 1024, $"managed heap grew by {(after - before) / 1024} KiB over {redeploys} redeploys");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference DeployAndForget(int i)
    {
        var result = _registry.Deploy("Multiplier", TestRules.Multiplier(1m + (i / 1000m)));
        Assert.True(result.Succeeded, result.Summary);
        return _registry.Get("Multiplier")!.GetLoadContextWeakReference();
    }
}
