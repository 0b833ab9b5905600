using System.Diagnostics;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using NMcs.Catalog.Model;
using NMcs.Plugins;
using NMcs.Rating.Engine;
using NMcs.Rules;

namespace NMcs.Bench;

/// <summary>
/// <c>rating</c>: the pure rating kernel on one thread, no I/O. Declarative rating through the engine's own
/// benchmark hook (<see cref="RatingWorkload"/>), then the same records with a shipped C# tariff rule applied to every
/// rated part after declarative rating — through the plugin host's budgeted runner per batch of records as the account
/// grain does (<c>RulePricing</c> → <c>ApplyBatch</c>; the default, inline runner: calls on this thread under the
/// compiled-in budget checkpoints), one call per part, per batch on a worker-thread runner (one hand-off per batch),
/// and as a raw direct interface call — against a same-run baseline loop that only sums quantity × price.
/// </summary>
internal static class RatingBenchmark
{
    public static readonly string[] Options = ["records", "seconds", "warmup-seconds", "min-passes", "rule", "rule-batch", "plugins", "time-zone", "json"];

    public const double TargetRecordsPerSecondPerCore = 2_000_000;

    public const double TargetPluginCostRatio = 1.5;

    public static JsonObject Run(BenchOptions options)
    {
        var recordCount = options.Int("records", 200_000);
        var seconds = options.Int("seconds", 20, max: 150);
        var warmupSeconds = options.Int("warmup-seconds", 1, min: 0, max: 30);
        var minPasses = options.Int("min-passes", 5, max: 1_000);
        var ruleFile = options.String("rule") ?? "NightDataFree";
        // The account grain prices records in chunks of RulePricing.ChunkSize (256) as it rates them.
        var ruleBatch = options.Int("rule-batch", 256, max: 1_000_000);
        var timeZone = options.String("time-zone") ?? "Europe/Berlin";
        var loadAverageStart = MachineInfo.LoadAverage();
        var total = Stopwatch.StartNew();

        // --- set-up (not timed) --------------------------------------------------------------------------------------
        var (rulePath, ruleSource) = PluginSources.Read(PluginSources.Folder(options.String("plugins")), ruleFile);
        BenchMath.Log($"rating: records={recordCount} rule={Path.GetFileName(rulePath)} rule-batch={ruleBatch} zone={timeZone} gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        var context = RatingContext.For(timeZone);
        var records = RatingWorkload.Records(recordCount);
        var declarativeProduct = RatingWorkload.DeclarativeProduct();
        var declarativePlan = RatingPlan.For(declarativeProduct);

        using var registry = new TariffRuleRegistry();
        var deploy = Stopwatch.StartNew();
        var deployed = registry.DeploySource(ruleSource, Path.GetFileName(rulePath));
        if (!deployed.Succeeded)
        {
            throw new InvalidOperationException($"could not deploy {rulePath}: {deployed.Summary}");
        }

        // The same rule on a runner with worker-thread isolation, for the figure of the hand-off per batch.
        using var workerRunner = new RuleRunner(new RuleRunnerOptions { Isolation = RuleIsolation.WorkerThread });
        using var workerRegistry = new TariffRuleRegistry(runner: workerRunner);
        var workerDeployed = workerRegistry.DeploySource(ruleSource, Path.GetFileName(rulePath));
        if (!workerDeployed.Succeeded)
        {
            throw new InvalidOperationException($"could not deploy {rulePath} on the worker runner: {workerDeployed.Summary}");
        }

        var ruleName = deployed.Name!;
        BenchMath.Log($"deployed {ruleName} v{deployed.Version} in {deploy.Elapsed.TotalMilliseconds:F0} ms (cold Roslyn)");

        // The same product with the rule attached to every usage charge: the engine hands each part the RuleRef.
        var ruledProduct = declarativeProduct with { Rules = [new RuleRef { Name = ruleName }] };
        var ruledPlan = RatingPlan.For(ruledProduct);
        var direct = DirectInstance(registry.Get(ruleName)!);
        var kernel = new Kernel(ruledPlan, records, context, registry, ruleName, direct, ruleBatch);
        var workerKernel = new Kernel(ruledPlan, records, context, workerRegistry, ruleName, direct, ruleBatch);

        var modes = new (string Name, Func<PassResult> Pass)[]
        {
            ("baseline", kernel.Baseline),
            ("declarative", () =>
            {
                var r = RatingWorkload.Run(declarativePlan, records, context);
                return new PassResult(r.Records, r.Parts, 0, 0, r.Total);
            }),
            ("declarative_loop", kernel.DeclarativeLoop),
            ("rule_inputs_only", kernel.InputsOnly),
            ("plugin_direct", kernel.Direct),
            ("plugin_budgeted_batch", kernel.BudgetedBatch),
            ("plugin_worker_batch", workerKernel.BudgetedBatch),
            ("plugin_budgeted_per_call", kernel.BudgetedPerCall),
        };
        var measured = MeasureInterleaved(modes, warmupSeconds, seconds, minPasses);
        var results = new JsonObject();
        foreach (var mode in measured.Values)
        {
            results[mode.Name] = mode.ToJson();
            BenchMath.Log($"  {mode.Name,-26} best {mode.Best,12:N0} rec/s, median {mode.Median,12:N0} rec/s, {mode.Passes} passes, {mode.AllocThread:F0} B/rec (thread) {mode.AllocAll:F0} B/rec (all threads)");
        }

        var baseline = measured["baseline"];
        var declarative = measured["declarative"];
        var loop = measured["declarative_loop"];
        var inputs = measured["rule_inputs_only"];
        var pluginDirect = measured["plugin_direct"];
        var pluginBatch = measured["plugin_budgeted_batch"];
        var workerBatch = measured["plugin_worker_batch"];
        var plugin = measured["plugin_budgeted_per_call"];

        // Paired ratios: both modes' passes of the same round saw about the same outside load.
        double PairedRatio(Mode slow, Mode fast) => BenchMath.Median(slow.Seconds.Zip(fast.Seconds, (a, b) => a / b));

        // The plugin paths must agree on every amount (and no call may have failed).
        var failures = pluginDirect.Last.Failures + pluginBatch.Last.Failures + plugin.Last.Failures + workerBatch.Last.Failures;
        var agree = pluginDirect.Last.Total == pluginBatch.Last.Total && pluginBatch.Last.Total == plugin.Last.Total && workerBatch.Last.Total == pluginBatch.Last.Total;
        if (failures > 0 || !agree)
        {
            BenchMath.Log($"  ! plugin paths: {failures} failed calls; totals direct {pluginDirect.Last.Total}, batch {pluginBatch.Last.Total}, per-record {plugin.Last.Total}, worker batch {workerBatch.Last.Total}");
        }

        var callsPerRecord = (double)plugin.Last.Calls / recordCount;
        double NsPerCall(Mode with, Mode without) => (1e9 / with.Best - 1e9 / without.Best) / callsPerRecord;

        var runnerStats = registry.Runner.GetStats();
        return new JsonObject
        {
            ["benchmark"] = "rating",
            ["records"] = recordCount,
            ["parts_per_record"] = BenchMath.Round((double)declarative.Last.Parts / recordCount, 4),
            ["rule"] = ruleName,
            ["rule_file"] = "plugins/" + Path.GetFileName(rulePath),
            ["rule_batch"] = ruleBatch,
            ["rule_calls_per_record"] = BenchMath.Round(callsPerRecord, 4),
            ["time_zone"] = timeZone,
            ["declarative_records_per_s"] = BenchMath.Round(declarative.Best, 0),
            ["declarative_median_records_per_s"] = BenchMath.Round(declarative.Median, 0),
            ["target_records_per_s_per_core"] = TargetRecordsPerSecondPerCore,
            ["declarative_target_met"] = declarative.Best >= TargetRecordsPerSecondPerCore,
            ["plugin_records_per_s"] = BenchMath.Round(plugin.Best, 0),
            ["plugin_median_records_per_s"] = BenchMath.Round(plugin.Median, 0),
            ["plugin_cost_ratio"] = BenchMath.Round(declarative.Best / plugin.Best, 3),
            ["plugin_cost_ratio_paired_median"] = BenchMath.Round(PairedRatio(plugin, declarative), 3),
            ["plugin_batch_records_per_s"] = BenchMath.Round(pluginBatch.Best, 0),
            ["plugin_batch_median_records_per_s"] = BenchMath.Round(pluginBatch.Median, 0),
            ["plugin_batch_cost_ratio"] = BenchMath.Round(declarative.Best / pluginBatch.Best, 3),
            ["plugin_batch_cost_ratio_paired_median"] = BenchMath.Round(PairedRatio(pluginBatch, declarative), 3),
            ["runner_isolation"] = registry.Runner.Isolation.ToString(),
            ["plugin_worker_batch_records_per_s"] = BenchMath.Round(workerBatch.Best, 0),
            ["plugin_worker_batch_median_records_per_s"] = BenchMath.Round(workerBatch.Median, 0),
            ["plugin_worker_batch_cost_ratio"] = BenchMath.Round(declarative.Best / workerBatch.Best, 3),
            ["plugin_worker_batch_cost_ratio_paired_median"] = BenchMath.Round(PairedRatio(workerBatch, declarative), 3),
            ["plugin_worker_batch_ns_per_call"] = BenchMath.Round(NsPerCall(workerBatch, inputs), 1),
            ["plugin_direct_records_per_s"] = BenchMath.Round(pluginDirect.Best, 0),
            ["plugin_direct_median_records_per_s"] = BenchMath.Round(pluginDirect.Median, 0),
            ["plugin_direct_cost_ratio"] = BenchMath.Round(declarative.Best / pluginDirect.Best, 3),
            ["plugin_direct_cost_ratio_paired_median"] = BenchMath.Round(PairedRatio(pluginDirect, declarative), 3),
            ["target_plugin_cost_ratio"] = TargetPluginCostRatio,
            ["plugin_direct_ns_per_call"] = BenchMath.Round(NsPerCall(pluginDirect, inputs), 1),
            ["plugin_budgeted_ns_per_call"] = BenchMath.Round(NsPerCall(plugin, inputs), 1),
            ["plugin_batch_ns_per_call"] = BenchMath.Round(NsPerCall(pluginBatch, inputs), 1),
            ["rule_input_ns_per_part"] = BenchMath.Round(NsPerCall(inputs, loop), 1),
            ["alloc_bytes_per_record"] = BenchMath.Round(declarative.AllocThread, 1),
            ["plugin_alloc_bytes_per_record"] = BenchMath.Round(plugin.AllocAll, 1),
            ["plugin_batch_alloc_bytes_per_record"] = BenchMath.Round(pluginBatch.AllocAll, 1),
            ["plugin_direct_alloc_bytes_per_record"] = BenchMath.Round(pluginDirect.AllocThread, 1),
            ["baseline_records_per_s"] = BenchMath.Round(baseline.Best, 0),
            ["baseline_median_records_per_s"] = BenchMath.Round(baseline.Median, 0),
            ["declarative_vs_baseline"] = BenchMath.Round(declarative.Best / baseline.Best, 4),
            ["declarative_vs_baseline_paired_median"] = BenchMath.Round(PairedRatio(baseline, declarative), 4),
            ["plugin_vs_baseline"] = BenchMath.Round(plugin.Best / baseline.Best, 4),
            ["plugin_failed_calls"] = failures,
            ["plugin_paths_agree"] = agree,
            ["runner_calls"] = runnerStats.Calls,
            ["runner_budget_exceeded"] = runnerStats.BudgetExceeded,
            ["modes"] = results,
            ["total_seconds"] = BenchMath.Round(total.Elapsed.TotalSeconds, 1),
            ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ["loadavg_start"] = loadAverageStart,
            ["machine"] = MachineInfo.Describe(),
        };
    }

    public static void PrintSummary(JsonObject r)
    {
        var o = Console.Out;
        o.WriteLine($"N-MCS rating kernel benchmark, one thread ({r["machine"]?["cpu"]}, {r["machine"]?["cores"]} cores, {r["machine"]?["runtime"]}, {r["gc"]} GC; load average {r["loadavg_start"]} at start, {r["machine"]?["loadavg_end"]} at end)");
        o.WriteLine($"  workload     {r["records"]} records of RatingWorkload ({r["parts_per_record"]} parts/record), rule {r["rule_file"]} on every part");
        o.WriteLine($"  declarative  {r["declarative_records_per_s"]} records/s (median {r["declarative_median_records_per_s"]}); target {r["target_records_per_s_per_core"]}/core -> met: {r["declarative_target_met"]}");
        o.WriteLine($"               {r["alloc_bytes_per_record"]} B allocated per record; baseline (sum quantity x price) {r["baseline_records_per_s"]} records/s -> ratio {r["declarative_vs_baseline"]}");
        o.WriteLine($"  plugin       budgeted ({r["runner_isolation"]}) per {r["rule_batch"]}-record batch (as RulePricing) {r["plugin_batch_records_per_s"]} records/s = {r["plugin_batch_cost_ratio"]}x declarative ({r["plugin_batch_ns_per_call"]} ns/call)");
        o.WriteLine($"               budgeted, one call per part {r["plugin_records_per_s"]} records/s = {r["plugin_cost_ratio"]}x ({r["plugin_budgeted_ns_per_call"]} ns/call, {r["plugin_alloc_bytes_per_record"]} B/record)");
        o.WriteLine($"               worker-thread runner per batch {r["plugin_worker_batch_records_per_s"]} records/s = {r["plugin_worker_batch_cost_ratio"]}x ({r["plugin_worker_batch_ns_per_call"]} ns/call)");
        o.WriteLine($"               direct call {r["plugin_direct_records_per_s"]} records/s = {r["plugin_direct_cost_ratio"]}x ({r["plugin_direct_ns_per_call"]} ns/call; building RuleInput {r["rule_input_ns_per_part"]} ns/part)");
        o.WriteLine($"               target <= {r["target_plugin_cost_ratio"]}x; failed calls {r["plugin_failed_calls"]}, paths agree: {r["plugin_paths_agree"]}");
    }

    /// <summary>A second instance of the loaded rule class, from its own collectible context, to call without the runner.</summary>
    private static ITariffRule DirectInstance(CompiledRule rule)
    {
        var contextName = $"tariff-rule:{rule.Name}:v{rule.Version}";
        var context = AssemblyLoadContext.All.FirstOrDefault(c => c.Name == contextName)
            ?? throw new InvalidOperationException($"load context {contextName} not found");
        var type = context.Assemblies.Select(a => a.GetType(rule.Info.ClassName)).OfType<Type>().First();
        return (ITariffRule)Activator.CreateInstance(type)!;
    }

    /// <summary>
    /// Warms every mode up, then runs rounds of one pass per mode (in a rotating order) until at least
    /// <paramref name="minRounds"/> rounds and <paramref name="seconds"/> seconds: every mode sees the same outside
    /// load, and ratios can be taken per round.
    /// </summary>
    private static Dictionary<string, Mode> MeasureInterleaved((string Name, Func<PassResult> Pass)[] modes, int warmupSeconds, int seconds, int minRounds)
    {
        foreach (var (name, pass) in modes)
        {
            var warm = Stopwatch.StartNew();
            var passes = 0;
            do
            {
                pass();
                passes++;
            }
            while (warm.Elapsed.TotalSeconds < warmupSeconds);

            BenchMath.Log($"  warmed up {name} ({passes} passes)");
        }

        var times = modes.Select(_ => new List<double>()).ToArray();
        var allocThread = new double[modes.Length];
        var allocAll = new double[modes.Length];
        var last = new PassResult[modes.Length];
        var measuring = Stopwatch.StartNew();
        for (var round = 0; round < minRounds || measuring.Elapsed.TotalSeconds < seconds; round++)
        {
            for (var k = 0; k < modes.Length; k++)
            {
                var m = (k + round) % modes.Length;
                var threadBefore = GC.GetAllocatedBytesForCurrentThread();
                var allBefore = GC.GetTotalAllocatedBytes(precise: false);
                var start = Stopwatch.GetTimestamp();
                last[m] = modes[m].Pass();
                times[m].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / last[m].Records);
                allocAll[m] = (double)(GC.GetTotalAllocatedBytes(precise: false) - allBefore) / last[m].Records;
                allocThread[m] = (double)(GC.GetAllocatedBytesForCurrentThread() - threadBefore) / last[m].Records;
            }
        }

        var result = new Dictionary<string, Mode>(StringComparer.Ordinal);
        for (var m = 0; m < modes.Length; m++)
        {
            var rates = times[m].Select(t => 1 / t).ToList();
            result[modes[m].Name] = new Mode(modes[m].Name, rates.Max(), BenchMath.Median(rates), rates.Count, allocThread[m], allocAll[m], last[m], times[m]);
        }

        return result;
    }

    private readonly record struct PassResult(int Records, int Parts, int Calls, int Failures, decimal Total);

    // Seconds: seconds per record of each pass, in round order (for paired ratios).
    private sealed record Mode(string Name, double Best, double Median, int Passes, double AllocThread, double AllocAll, PassResult Last, List<double> Seconds)
    {
        public JsonObject ToJson() => new()
        {
            ["best_records_per_s"] = BenchMath.Round(Best, 0),
            ["median_records_per_s"] = BenchMath.Round(Median, 0),
            ["passes"] = Passes,
            ["alloc_bytes_per_record_thread"] = BenchMath.Round(AllocThread, 1),
            ["alloc_bytes_per_record_all_threads"] = BenchMath.Round(AllocAll, 1),
            ["parts"] = Last.Parts,
            ["rule_calls"] = Last.Calls,
            ["total"] = Last.Total,
        };
    }

    /// <summary>
    /// The timed loops. Each rates the records in order with fresh cycle counters and carries the counter deltas
    /// forward exactly like <see cref="RatingWorkload.Run"/>, so they differ from it only in what happens to the parts.
    /// </summary>
    private sealed class Kernel(
        RatingPlan plan,
        UsageRecord[] records,
        RatingContext context,
        TariffRuleRegistry registry,
        string ruleName,
        ITariffRule direct,
        int batch)
    {
        private const int BaselineRepeats = 20;

        private static readonly AccountFacts Account = new("BENCH-ACC", "EUR", 25);

        private readonly List<(UsageRecord Record, RatedPart Part)> _parts = new(batch * 2);

        // The account's local time of each part, as NodaTime gives it, from the zone interval last used.
        private readonly LocalClock _clock = new(context.TimeZone);

        /// <summary>
        /// The floor: one decimal multiply-add per record with a price looked up by service. A pass goes over the
        /// records <see cref="BaselineRepeats"/> times, so it lasts long enough to time.
        /// </summary>
        public PassResult Baseline()
        {
            var total = 0m;
            for (var repeat = 0; repeat < BaselineRepeats; repeat++)
            {
                foreach (var record in records)
                {
                    var price = record.Service switch
                    {
                        ServiceCodes.Data => 0.02m,
                        ServiceCodes.Voice => 0.04m,
                        _ => 0.09m,
                    };
                    total += record.Quantity * price;
                }
            }

            return new PassResult(records.Length * BaselineRepeats, records.Length * BaselineRepeats, 0, 0, total);
        }

        /// <summary>Declarative only, in this class's loop (to show the loop itself costs what RatingWorkload.Run does).</summary>
        public PassResult DeclarativeLoop()
        {
            var (allowances, charges, counters) = Counters();
            var parts = 0;
            var total = 0m;
            foreach (var record in records)
            {
                var result = RatingEngine.Rate(plan, record, counters, context);
                parts += result.Parts.Count;
                total += result.Total;
                Carry(result, allowances, charges);
            }

            return new PassResult(records.Length, parts, 0, 0, total);
        }

        /// <summary>Declarative plus building the RuleInput of every part, without calling the rule.</summary>
        public PassResult InputsOnly()
        {
            var (allowances, charges, counters) = Counters();
            var parts = 0;
            var total = 0m;
            foreach (var record in records)
            {
                var result = RatingEngine.Rate(plan, record, counters, context);
                Carry(result, allowances, charges);
                for (var p = 0; p < result.Parts.Count; p++)
                {
                    var input = Input(record, result.Parts[p]);
                    total += input.RatedAmount;
                    parts++;
                }
            }

            return new PassResult(records.Length, parts, 0, 0, total);
        }

        /// <summary>Declarative, then the rule called directly through the interface on this thread (no budget, no isolation).</summary>
        public PassResult Direct()
        {
            var (allowances, charges, counters) = Counters();
            var parts = 0;
            var calls = 0;
            var failures = 0;
            var total = 0m;
            foreach (var record in records)
            {
                var result = RatingEngine.Rate(plan, record, counters, context);
                Carry(result, allowances, charges);
                for (var p = 0; p < result.Parts.Count; p++)
                {
                    parts++;
                    calls++;
                    var output = direct.Apply(Input(record, result.Parts[p]));
                    if (output is null || output.Amount < 0m || output.Explanation is null)
                    {
                        failures++;
                        continue;
                    }

                    total += Round(output.Amount);
                }
            }

            return new PassResult(records.Length, parts, calls, failures, total);
        }

        /// <summary>
        /// Declarative, then for every ruled part the active version from the registry and one guarded
        /// <see cref="CompiledRule.Apply(RuleInput)"/> call under the 50 ms call budget (on this thread with the
        /// default, inline runner; one hand-off per part with a worker-thread runner).
        /// </summary>
        public PassResult BudgetedPerCall()
        {
            var (allowances, charges, counters) = Counters();
            var parts = 0;
            var calls = 0;
            var failures = 0;
            var total = 0m;
            foreach (var record in records)
            {
                var result = RatingEngine.Rate(plan, record, counters, context);
                Carry(result, allowances, charges);
                for (var p = 0; p < result.Parts.Count; p++)
                {
                    var rule = registry.Get(ruleName)!;
                    Tally(rule.Apply(Input(record, result.Parts[p])), ref calls, ref failures, ref total);
                    parts++;
                }
            }

            return new PassResult(records.Length, parts, calls, failures, total);
        }

        /// <summary>
        /// What the account grain does (<c>RulePricing</c> → <c>ApplyBatch</c>): declarative for a batch of records
        /// (counters carried per record), then one guarded batch for all parts, each part under its own 50 ms budget.
        /// The runner builds each part's input right before calling the rule: on this thread with the default, inline
        /// runner; on the worker after one hand-off per batch with a worker-thread runner.
        /// </summary>
        public PassResult BudgetedBatch()
        {
            var (allowances, charges, counters) = Counters();
            var parts = 0;
            var calls = 0;
            var failures = 0;
            var total = 0m;
            for (var first = 0; first < records.Length; first += batch)
            {
                var end = Math.Min(records.Length, first + batch);
                _parts.Clear();
                for (var i = first; i < end; i++)
                {
                    var record = records[i];
                    var result = RatingEngine.Rate(plan, record, counters, context);
                    Carry(result, allowances, charges);
                    for (var p = 0; p < result.Parts.Count; p++)
                    {
                        _parts.Add((record, result.Parts[p]));
                    }
                }

                var rule = registry.Get(ruleName)!;
                var results = rule.ApplyBatch(_parts.Count, k => Input(_parts[k].Record, _parts[k].Part));
                for (var k = 0; k < results.Count; k++)
                {
                    // The amount comes from the results array, as RulePricing reads it: not from each output object.
                    calls++;
                    if (results.Succeeded(k))
                    {
                        total += Round(results.Amount(k));
                    }
                    else
                    {
                        failures++;
                    }
                }

                parts += _parts.Count;
            }

            return new PassResult(records.Length, parts, calls, failures, total);
        }

        private RuleInput Input(UsageRecord record, RatedPart part) => new(
            new UsageFacts(
                record.Id,
                record.Service,
                part.Quantity,
                part.Start,
                _clock.LocalDateTime(part.Start),
                record.VisitedNetwork,
                record.Destination),
            Account,
            part.UnroundedAmount,
            part.BillableUnits,
            part.RateUnit,
            part.Rule!.Parameters);

        private void Tally(RuleCallResult call, ref int calls, ref int failures, ref decimal total)
        {
            calls++;
            if (call.Succeeded)
            {
                total += Round(call.Output!.Amount);
            }
            else
            {
                failures++;
            }
        }

        private decimal Round(decimal amount) => plan.Product.Rounding.Round(amount, plan.Product.Currency);

        private static (Dictionary<string, decimal> Allowances, Dictionary<string, decimal> Charges, RatingCounters Counters) Counters()
        {
            var allowances = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var charges = new Dictionary<string, decimal>(StringComparer.Ordinal);
            return (allowances, charges, new RatingCounters("2026-03", allowances, charges));
        }

        private static void Carry(RatingResult result, Dictionary<string, decimal> allowances, Dictionary<string, decimal> charges)
        {
            // Indexed, as RatingWorkload.Run does: an interface foreach would allocate an enumerator per record.
            var deltas = result.CounterDeltas;
            for (var d = 0; d < deltas.Count; d++)
            {
                var delta = deltas[d];
                var target = delta.Kind == CounterKind.AllowanceUsed ? allowances : charges;
                target[delta.Id] = target.GetValueOrDefault(delta.Id) + delta.Quantity;
            }
        }
    }
}
