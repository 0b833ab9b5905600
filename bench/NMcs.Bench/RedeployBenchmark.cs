using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NMcs.Plugins;

namespace NMcs.Bench;

/// <summary>
/// <c>redeploy</c>: a small tariff rule deployed N times through <see cref="TariffRuleRegistry.Deploy"/> (compile,
/// forbidden-API check, load into a fresh collectible context, samples, swap, unload the previous version), each time
/// with different source. Measures per-deploy time, the managed heap and working set after full collections at
/// checkpoints, and how many of the N load contexts are still alive at the end.
/// </summary>
internal static class RedeployBenchmark
{
    public static readonly string[] Options = ["redeploys", "warmup", "checkpoints", "json"];

    public static JsonObject Run(BenchOptions options)
    {
        var redeploys = options.Int("redeploys", 1_000, max: 100_000);
        var warmup = options.Int("warmup", 20, min: 1, max: 1_000);
        var checkpointCount = options.Int("checkpoints", 10, max: 100);
        var loadAverageStart = MachineInfo.LoadAverage();
        var total = Stopwatch.StartNew();
        BenchMath.Log($"redeploy: {redeploys} deploys of rule BenchRedeploy after {warmup} warm-up deploys; gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        using var registry = new TariffRuleRegistry();
        var (rssBefore, managedBefore) = BenchMath.Settle();
        BenchMath.Log($"before: working set {BenchMath.Mb(rssBefore):F1} MB, managed {BenchMath.Mb(managedBefore):F1} MB");

        // Warm-up: the first compile loads Roslyn and builds the reference set (~1 s); these versions count too.
        var contexts = new List<WeakReference>(warmup + redeploys);
        var failures = new List<string>();
        var recoveries = new List<string>();
        var coldMs = 0.0;
        var version = 0;
        for (var i = 0; i < warmup; i++)
        {
            var ms = DeployOnce(registry, ++version, contexts, failures, recoveries);
            if (i == 0)
            {
                coldMs = ms;
            }
        }

        var (rssWarm, managedWarm) = BenchMath.Settle();
        BenchMath.Log($"after {warmup} warm-up deploys (first {coldMs:F0} ms): working set {BenchMath.Mb(rssWarm):F1} MB, managed {BenchMath.Mb(managedWarm):F1} MB");

        var deployMs = new List<double>(redeploys);
        var checkpoints = new JsonArray();
        var every = Math.Max(1, redeploys / checkpointCount);
        var deploying = Stopwatch.StartNew();
        for (var i = 1; i <= redeploys; i++)
        {
            deployMs.Add(DeployOnce(registry, ++version, contexts, failures, recoveries));
            if (i % every == 0 || i == redeploys)
            {
                var (rss, managed) = BenchMath.Settle();
                var alive = contexts.Count(c => c.IsAlive);
                checkpoints.Add(new JsonObject
                {
                    ["redeploys"] = i,
                    ["managed_mb"] = BenchMath.Round(BenchMath.Mb(managed), 2),
                    ["rss_mb"] = BenchMath.Round(BenchMath.Mb(rss), 1),
                    ["alive_contexts"] = alive,
                });
                BenchMath.Log($"  {i}/{redeploys}: managed {BenchMath.Mb(managed):F2} MB, working set {BenchMath.Mb(rss):F1} MB, {alive} contexts alive, p50 deploy {BenchMath.Median(deployMs):F1} ms");
            }
        }

        var deploySeconds = deploying.Elapsed.TotalSeconds;
        var (rssAfter, managedAfter) = BenchMath.Settle(rounds: 5);
        var aliveContexts = contexts.Count(c => c.IsAlive);
        var (activeVersion, activeWorks) = CheckActive(registry);
        var runner = registry.Runner.GetStats();

        // Without the registry (its active version unloaded too) nothing may remain.
        registry.Dispose();
        BenchMath.Settle(rounds: 5);
        var aliveAfterDispose = contexts.Count(c => c.IsAlive);
        var (rssDisposed, managedDisposed) = BenchMath.Settle();

        var managedGrowthPerDeploy = (double)(managedAfter - managedWarm) / redeploys;
        return new JsonObject
        {
            ["benchmark"] = "redeploy",
            ["redeploys"] = redeploys,
            ["warmup_deploys"] = warmup,
            ["active_version"] = activeVersion,
            ["active_version_works"] = activeWorks,
            ["managed_mb_before"] = BenchMath.Round(BenchMath.Mb(managedBefore), 2),
            ["managed_mb_after_warmup"] = BenchMath.Round(BenchMath.Mb(managedWarm), 2),
            ["managed_mb_after"] = BenchMath.Round(BenchMath.Mb(managedAfter), 2),
            ["managed_bytes_per_redeploy"] = BenchMath.Round(managedGrowthPerDeploy, 0),
            ["rss_mb_before"] = BenchMath.Round(BenchMath.Mb(rssBefore), 1),
            ["rss_mb_after_warmup"] = BenchMath.Round(BenchMath.Mb(rssWarm), 1),
            ["rss_mb_after"] = BenchMath.Round(BenchMath.Mb(rssAfter), 1),
            ["rss_peak_mb"] = BenchMath.Round(BenchMath.Mb(Process.GetCurrentProcess().PeakWorkingSet64), 1),
            ["alive_contexts"] = aliveContexts,
            ["contexts_created"] = contexts.Count,
            ["failed_deploys"] = failures.Count,
            ["first_failed_build"] = failures.Count == 0 ? null : int.Parse(failures[0]["build ".Length..failures[0].IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture),
            ["failures"] = new JsonArray(failures.Take(5).Select(f => (JsonNode)f).ToArray()),
            ["compiler_reloads"] = recoveries.Count,
            ["compiler_reload_reasons"] = new JsonArray(recoveries.Take(5).Select(f => (JsonNode)f).ToArray()),
            ["alive_contexts_after_dispose"] = aliveAfterDispose,
            ["managed_mb_after_dispose"] = BenchMath.Round(BenchMath.Mb(managedDisposed), 2),
            ["rss_mb_after_dispose"] = BenchMath.Round(BenchMath.Mb(rssDisposed), 1),
            ["cold_deploy_ms"] = BenchMath.Round(coldMs, 1),
            ["p50_deploy_ms"] = BenchMath.Round(BenchMath.Percentile(deployMs, 0.50), 2),
            ["p99_deploy_ms"] = BenchMath.Round(BenchMath.Percentile(deployMs, 0.99), 2),
            ["max_deploy_ms"] = BenchMath.Round(BenchMath.Percentile(deployMs, 1.0), 2),
            ["deploys_per_s"] = BenchMath.Round(redeploys / deploySeconds, 1),
            ["runner_calls"] = runner.Calls,
            ["runner_budget_exceeded"] = runner.BudgetExceeded,
            ["checkpoints"] = checkpoints,
            ["total_seconds"] = BenchMath.Round(total.Elapsed.TotalSeconds, 1),
            ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ["loadavg_start"] = loadAverageStart,
            ["machine"] = MachineInfo.Describe(),
        };
    }

    public static void PrintSummary(JsonObject r)
    {
        var o = Console.Out;
        o.WriteLine($"N-MCS rule redeploy benchmark ({r["machine"]?["cpu"]}, {r["machine"]?["cores"]} cores, {r["machine"]?["runtime"]}, {r["gc"]} GC; load average {r["loadavg_start"]} at start, {r["machine"]?["loadavg_end"]} at end)");
        o.WriteLine($"  deploys      {r["redeploys"]} after {r["warmup_deploys"]} warm-up, {r["failed_deploys"]} refused, {r["compiler_reloads"]} compiler reloads; active version {r["active_version"]} works: {r["active_version_works"]}");
        o.WriteLine($"  deploy time  cold {r["cold_deploy_ms"]} ms; then p50 {r["p50_deploy_ms"]} ms, p99 {r["p99_deploy_ms"]} ms, max {r["max_deploy_ms"]} ms ({r["deploys_per_s"]}/s)");
        o.WriteLine($"  managed      {r["managed_mb_before"]} MB before, {r["managed_mb_after_warmup"]} MB after warm-up, {r["managed_mb_after"]} MB after -> {r["managed_bytes_per_redeploy"]} B per redeploy");
        o.WriteLine($"  working set  {r["rss_mb_before"]} MB before, {r["rss_mb_after_warmup"]} MB after warm-up, {r["rss_mb_after"]} MB after (peak {r["rss_peak_mb"]} MB)");
        o.WriteLine($"  contexts     {r["alive_contexts"]} of {r["contexts_created"]} alive (the active version); {r["alive_contexts_after_dispose"]} after the registry is disposed");
    }

    /// <summary>
    /// Deploys build <paramref name="n"/> of the small rule; returns the wall time in ms. A refused deploy is counted
    /// in <paramref name="failures"/> (with its reason) and the run goes on, as an operator would redeploy. A deploy
    /// that succeeded only after the compiler copy was reloaded (an NMCS0020 warning) is counted in
    /// <paramref name="recoveries"/>.
    /// </summary>
    private static double DeployOnce(TariffRuleRegistry registry, int n, List<WeakReference> contexts, List<string> failures, List<string> recoveries)
    {
        var source = Source(n);
        var before = registry.Get("BenchRedeploy")?.Version ?? 0;
        var started = Stopwatch.GetTimestamp();
        RuleDeployResult result;
        try
        {
            result = registry.Deploy("BenchRedeploy", source, "BenchRedeploy.cs");
        }
#pragma warning disable CA1031 // Deploy is documented never to throw for bad source; if it does, count it and go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures.Add($"build {n}: Deploy threw {e.GetType().Name}: {e.Message} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            BenchMath.Log($"  ! deploy of build {n} threw ({failures.Count} failures so far): {e}");
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!result.Succeeded)
        {
            failures.Add($"build {n}: {result.Summary}");
            if (failures.Count <= 3 || failures.Count % 500 == 0)
            {
                BenchMath.Log($"  ! deploy of build {n} refused ({failures.Count} so far): {result.Summary}");
            }

            return ms;
        }

        foreach (var reload in result.Warnings.Where(w => w.Id == RuleDiagnosticIds.LoadFailed))
        {
            recoveries.Add($"build {n}: {reload.Message}");
            BenchMath.Log($"  ! deploy of build {n} needed a fresh compiler copy: {reload.Message}");
        }

        if (result.Unchanged || result.Version != before + 1)
        {
            throw new InvalidOperationException($"deploy of build {n} did not make the next version (active was {before}): {result.Summary}");
        }

        contexts.Add(WeakOf(registry));
        return ms;
    }

    /// <summary>The active version and whether it still rates its own sample; in its own frame so nothing pins it afterwards.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (int Version, bool Works) CheckActive(TariffRuleRegistry registry)
    {
        var active = registry.Get("BenchRedeploy");
        if (active is null)
        {
            return (0, false);
        }

        var sample = active.Samples[0];
        var call = active.Apply(sample.Input);
        return (active.Version, call.Succeeded && call.Output!.Amount == sample.ExpectedAmount);
    }

    /// <summary>In its own frame, so no local keeps the CompiledRule alive on this method's stack.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference WeakOf(TariffRuleRegistry registry) => registry.Get("BenchRedeploy")!.GetLoadContextWeakReference();

    /// <summary>A small but real rule: a surcharge per billable unit whose rate differs in every version.</summary>
    private static string Source(int n)
    {
        var cents = (n % 90) + 10; // 0.10 .. 0.99 per unit
        var rate = "0." + cents.ToString("D2", CultureInfo.InvariantCulture);
        var expected = (1.00m + (2m * decimal.Parse(rate, CultureInfo.InvariantCulture))).ToString(CultureInfo.InvariantCulture);
        return $$"""
            // Benchmark rule, build {{n}}: rated amount plus {{rate}} per billable unit.
            using System;
            using System.Collections.Generic;
            using NMcs.Rules;

            namespace TariffRules;

            public sealed class BenchRedeploy : ITariffRule
            {
                private const decimal PerUnit = {{rate}}m;

                public RuleOutput Apply(RuleInput input) =>
                    new(input.RatedAmount + (input.BillableUnits * PerUnit), "build {{n}}: surcharge {{rate}} per unit");

                public IReadOnlyList<RuleSample> Samples { get; } =
                [
                    new("two units", new RuleInput(
                        new UsageFacts("s-1", "DATA", 2m, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), new DateTime(2026, 3, 1, 13, 0, 0), null, null),
                        new AccountFacts("ACC-1", "EUR", 1),
                        1.00m,
                        2m,
                        "MB",
                        new Dictionary<string, string>()), {{expected}}m),
                ];
            }
            """;
    }
}
