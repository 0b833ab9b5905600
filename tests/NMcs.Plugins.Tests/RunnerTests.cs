using System.Collections;

namespace NMcs.Plugins.Tests;

public sealed class RunnerTests : IDisposable
{
    /// <summary>
    /// A rule that misbehaves on demand: BOOM throws, NEG returns a negative amount, NULL returns null, SPIN loops for
    /// as long as its parameters look empty (forever, from the rule's point of view).
    /// </summary>
    private const string Misbehaving = $$"""
        using System;
        using System.Collections.Generic;
        using NMcs.Rules;

        public sealed class Misbehaving : ITariffRule
        {
            public RuleOutput Apply(RuleInput input)
            {
                switch (input.Usage.Service)
                {
                    case "BOOM":
                        throw new InvalidOperationException("meter reading missing");
                    case "NEG":
                        return new RuleOutput(-1.5m, "refund?");
                    case "NULL":
                        return null!;
                    case "SPIN":
                        while (input.Parameters.Count == 0)
                        {
                        }

                        break;
                }

                return new RuleOutput(input.RatedAmount, "ok");
            }

            {{TestRules.PlainSample}}
        }
        """;

    // The worker-thread isolation: abandoned workers and inputs built off the caller's thread are its own behaviour.
    // The default, inline runner is covered by BudgetTests.
    private readonly DeployedRule _deployed = new("Misbehaving", Misbehaving, TestRules.FastRunner(isolation: RuleIsolation.WorkerThread));

    private RuleRunner Runner => _deployed.Runner;

    private CompiledRule Rule => _deployed.Rule;

    public void Dispose() => _deployed.Dispose();

    [Fact]
    public void A_rule_that_throws_yields_a_failure_result_with_the_reason()
    {
        var result = Rule.Apply(TestRules.Input(service: "BOOM"));

        Assert.False(result.Succeeded);
        Assert.Equal(RuleCallStatus.Threw, result.Status);
        Assert.Null(result.Output);
        Assert.Equal("Misbehaving", result.RuleName);
        Assert.Equal(1, result.RuleVersion);
        Assert.Equal("rule threw InvalidOperationException at Misbehaving.cs line 12: meter reading missing", result.FailureReason);
    }

    [Fact]
    public void A_negative_amount_is_rejected()
    {
        var result = Rule.Apply(TestRules.Input(service: "NEG"));

        Assert.Equal(RuleCallStatus.InvalidOutput, result.Status);
        Assert.Contains("negative amount (-1.5)", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_output_is_rejected()
    {
        var result = Rule.Apply(TestRules.Input(service: "NULL"));

        Assert.Equal(RuleCallStatus.InvalidOutput, result.Status);
        Assert.Contains("null", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_loops_forever_is_abandoned_after_its_budget_and_the_host_keeps_working()
    {
        var spin = new ReleasableParameters();
        try
        {
            var before = Runner.GetStats();

            var result = Rule.Apply(TestRules.Input(service: "SPIN", parameters: spin), TimeSpan.FromMilliseconds(200));

            Assert.Equal(RuleCallStatus.BudgetExceeded, result.Status);
            Assert.StartsWith("time budget exceeded", result.FailureReason, StringComparison.Ordinal);
            Assert.Contains("200 ms", result.FailureReason, StringComparison.Ordinal);
            var stats = Runner.GetStats();
            Assert.Equal(before.BudgetExceeded + 1, stats.BudgetExceeded);
            Assert.Equal(1, stats.AbandonedWorkersRunning);

            // The host goes on: the same rule rates other records on fresh workers.
            var next = Rule.Apply(TestRules.Input(rated: 4m));
            Assert.True(next.Succeeded);
            Assert.Equal(4m, next.Output!.Amount);
        }
        finally
        {
            // Let the abandoned thread out so it does not burn a core for the rest of the test run.
            spin.Release();
        }

        Assert.True(SpinWait.SpinUntil(() => Runner.GetStats().AbandonedWorkersRunning == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void In_a_batch_each_record_has_its_own_budget_and_outcome()
    {
        var spin = new ReleasableParameters();
        try
        {
            var results = Rule.ApplyBatch(
            [
                TestRules.Input(rated: 1m),
                TestRules.Input(service: "SPIN", parameters: spin),
                TestRules.Input(service: "BOOM"),
                TestRules.Input(rated: 4m),
            ],
            TimeSpan.FromMilliseconds(200));

            Assert.Equal(
                [RuleCallStatus.Succeeded, RuleCallStatus.BudgetExceeded, RuleCallStatus.Threw, RuleCallStatus.Succeeded],
                results.Select(r => r.Status));
            Assert.Equal(1m, results[0].Output!.Amount);
            Assert.Equal(4m, results[3].Output!.Amount);
        }
        finally
        {
            spin.Release();
        }

        Assert.True(SpinWait.SpinUntil(() => Runner.GetStats().AbandonedWorkersRunning == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void An_abandoned_call_that_returns_later_changes_no_result()
    {
        var spin = new ReleasableParameters();
        RuleCallResult[] results;
        try
        {
            results = Rule.ApplyBatch([TestRules.Input(service: "SPIN", parameters: spin), TestRules.Input(rated: 2m)], TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            spin.Release();
        }

        // Once the abandoned worker has left, it has finished the SPIN call: its late result went nowhere.
        Assert.True(SpinWait.SpinUntil(() => Runner.GetStats().AbandonedWorkersRunning == 0, TimeSpan.FromSeconds(10)));
        Assert.Equal([RuleCallStatus.BudgetExceeded, RuleCallStatus.Succeeded], results.Select(r => r.Status));
        Assert.Null(results[0].Output);
        Assert.Equal(2m, results[1].Output!.Amount);
    }

    [Fact]
    public void A_large_batch_of_quick_calls_all_succeed_in_order()
    {
        var inputs = Enumerable.Range(0, 5_000).Select(i => TestRules.Input(rated: i)).ToList();

        var results = Rule.ApplyBatch(inputs);

        Assert.All(results, r => Assert.Equal(RuleCallStatus.Succeeded, r.Status));
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (decimal)i), results.Select(r => r.Output!.Amount));
    }

    [Fact]
    public void Stats_count_every_outcome()
    {
        var before = Runner.GetStats();

        Rule.ApplyBatch([TestRules.Input(), TestRules.Input(service: "BOOM"), TestRules.Input(service: "NEG")]);

        var after = Runner.GetStats();
        Assert.Equal(before.Calls + 3, after.Calls);
        Assert.Equal(before.Succeeded + 1, after.Succeeded);
        Assert.Equal(before.Threw + 1, after.Threw);
        Assert.Equal(before.InvalidOutput + 1, after.InvalidOutput);
    }

    [Fact]
    public void Many_threads_can_rate_with_the_same_rule()
    {
        var amounts = new decimal[64];

        Parallel.For(0, amounts.Length, i => amounts[i] = Rule.Apply(TestRules.Input(rated: i)).Output!.Amount);

        Assert.Equal(Enumerable.Range(0, 64).Select(i => (decimal)i), amounts);
    }

    [Fact]
    public void A_batch_built_by_an_input_factory_rates_every_record_in_order_on_a_worker_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var builtOn = new int[100];

        var results = Rule.ApplyBatch(100, i =>
        {
            builtOn[i] = Environment.CurrentManagedThreadId;
            return TestRules.Input(rated: i);
        });

        Assert.Equal(100, results.Count);
        Assert.Equal("Misbehaving", results.RuleName);
        Assert.Equal(1, results.RuleVersion);
        Assert.All(Enumerable.Range(0, 100), i =>
        {
            Assert.True(results.Succeeded(i));
            Assert.Equal(RuleCallStatus.Succeeded, results.Status(i));
            Assert.Equal(i, results.Amount(i));
            Assert.Equal("ok", results.Explanation(i));
            Assert.Null(results.FailureReason(i));
            Assert.Equal(i, results[i].Output!.Amount);
        });
        Assert.DoesNotContain(caller, builtOn);
    }

    [Fact]
    public void An_input_factory_batch_reports_throws_invalid_outputs_and_overruns_per_record()
    {
        var spin = new ReleasableParameters();
        var inputs = new[]
        {
            TestRules.Input(rated: 1m),
            TestRules.Input(service: "BOOM"),
            TestRules.Input(service: "SPIN", parameters: spin),
            TestRules.Input(service: "NEG"),
            TestRules.Input(rated: 5m),
        };
        RuleBatchResults results;
        var before = Runner.GetStats();
        try
        {
            results = Rule.ApplyBatch(inputs.Length, i => inputs[i], TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            spin.Release();
        }

        Assert.Equal(
            [RuleCallStatus.Succeeded, RuleCallStatus.Threw, RuleCallStatus.BudgetExceeded, RuleCallStatus.InvalidOutput, RuleCallStatus.Succeeded],
            results.Select(r => r.Status));
        Assert.Equal("rule threw InvalidOperationException at Misbehaving.cs line 12: meter reading missing", results.FailureReason(1));
        Assert.StartsWith("time budget exceeded: rule Misbehaving v1 ran longer than 200 ms", results.FailureReason(2), StringComparison.Ordinal);
        Assert.Contains("negative amount (-1.5)", results.FailureReason(3), StringComparison.Ordinal);
        Assert.Equal(0m, results.Amount(1));
        Assert.Null(results.Explanation(2));
        Assert.Null(results[2].Output);
        Assert.Equal(5m, results.Amount(4));
        var after = Runner.GetStats();
        Assert.Equal(before.Calls + 5, after.Calls);
        Assert.Equal(before.Succeeded + 2, after.Succeeded);
        Assert.Equal(before.Threw + 1, after.Threw);
        Assert.Equal(before.BudgetExceeded + 1, after.BudgetExceeded);
        Assert.Equal(before.InvalidOutput + 1, after.InvalidOutput);
        Assert.True(SpinWait.SpinUntil(() => Runner.GetStats().AbandonedWorkersRunning == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_failing_input_factory_is_reported_as_a_host_failure_and_the_rule_is_not_called()
    {
        var before = Runner.GetStats();

        var results = Rule.ApplyBatch(4, i => i switch
        {
            1 => throw new KeyNotFoundException("no tariff for zone EU9"),
            2 => null!,
            _ => TestRules.Input(rated: i),
        });

        Assert.Equal(
            [RuleCallStatus.Succeeded, RuleCallStatus.InputFailed, RuleCallStatus.InputFailed, RuleCallStatus.Succeeded],
            results.Select(r => r.Status));
        Assert.Equal(
            "the host could not build the rule input (KeyNotFoundException: no tariff for zone EU9); rule Misbehaving v1 was not called",
            results.FailureReason(1));
        Assert.Contains("returned null", results.FailureReason(2), StringComparison.Ordinal);
        Assert.Equal(3m, results.Amount(3));
        var after = Runner.GetStats();
        Assert.Equal(before.InputFailed + 2, after.InputFailed);
        Assert.Equal(before.Threw, after.Threw);
        Assert.Equal(before.Succeeded + 2, after.Succeeded);
    }

    [Fact]
    public void Time_spent_in_the_input_factory_is_not_charged_to_the_rule()
    {
        // The factory takes longer than the call budget; only the rule's own call is budgeted, so nothing overruns.
        var results = Rule.ApplyBatch(
            2,
            i =>
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250));
                return TestRules.Input(rated: i + 1);
            },
            TimeSpan.FromMilliseconds(100));

        Assert.Equal([RuleCallStatus.Succeeded, RuleCallStatus.Succeeded], results.Select(r => r.Status));
        Assert.Equal([1m, 2m], results.Select(r => r.Output!.Amount));
    }

    [Fact]
    public void An_empty_input_factory_batch_returns_no_results()
    {
        var results = Rule.ApplyBatch(0, _ => throw new InvalidOperationException("not called"));

        Assert.Empty(results);
    }

    /// <summary>Looks empty (so the SPIN loop keeps spinning) until released.</summary>
    private sealed class ReleasableParameters : IReadOnlyDictionary<string, string>
    {
        private volatile bool _released;

        public void Release() => _released = true;

        public int Count => _released ? 1 : 0;

        public string this[string key] => throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => [];

        public IEnumerable<string> Values => [];

        public bool ContainsKey(string key) => false;

        public bool TryGetValue(string key, out string value)
        {
            value = string.Empty;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
