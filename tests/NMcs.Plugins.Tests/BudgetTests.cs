namespace NMcs.Plugins.Tests;

/// <summary>
/// The cooperative budget of the inline runner: rules are compiled with checkpoints, and a call past its deadline
/// ends at the next checkpoint on the caller's thread, whatever the rule does to catch it.
/// </summary>
public sealed class BudgetTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    /// <summary>Each service code selects one way of never returning (or of recursing without end).</summary>
    private const string Runaway = $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using NMcs.Rules;

        public sealed class Runaway : ITariffRule
        {
            public RuleOutput Apply(RuleInput input)
            {
                var n = input.Usage.Service switch
                {
                    "WHILE" => While(),
                    "FOR" => For(),
                    "DO" => Do(),
                    "FOREACH" => ForEach(),
                    "NESTED_CATCH" => NestedCatch(),
                    "SWALLOW" => Swallow(),
                    "FILTER" => Filter(),
                    "FINALLY" => Finally(),
                    "LINQ" => Linq(),
                    "LINQ_EXPRESSION" => LinqExpression(),
                    "RECURSE" => Recurse(),
                    "STORM" => Storm(),
                    "TIME_STORM" => TimeStorm(),
                    "PROPERTY" => Property,
                    _ => 0,
                };
                return new RuleOutput(input.RatedAmount + n, "ok");
            }

            private static int While() { while (true) { } }

            private static int For()
            {
                var x = 0;
                for (;;)
                    x++;
            }

            private static int Do()
            {
                var x = 0;
                do x++; while (x != 0 || x == 0);
                return x;
            }

            private static int ForEach()
            {
                var sum = 0;
                foreach (var x in Forever())
                    sum = x;
                return sum;
            }

            private static IEnumerable<int> Forever()
            {
                while (true) yield return 1;
            }

            private static int NestedCatch()
            {
                while (true)
                {
                    try { while (true) { } } catch { }
                }
            }

            private static int Swallow()
            {
                var caught = 0;
                for (var i = 0; ; i++)
                {
                    try
                    {
                        While();
                    }
                    catch (Exception e) when (e is not null)
                    {
                        caught++;
                    }
                    catch (Exception)
                    {
                        caught++;
                    }
                }
            }

            private static int Filter()
            {
                try { return While(); } catch (Exception e) when (Keep(e)) { return 1; }
            }

            private static bool Keep(Exception e) => e is not null;

            private static int Finally()
            {
                try { throw new InvalidOperationException("x"); } finally { while (true) { } }
            }

            private static int Linq() => Enumerable.Range(0, 10).Select(x => { while (x >= 0) { } return x; }).Sum();

            private static int LinqExpression() => Enumerable.Repeat(1, int.MaxValue).Where(x => x > 5).Count();

            private static int Recurse()
            {
                Func<int, int>? f = null;
                f = x => f!(x + 1) + 1;
                return f(0);
            }

            private static int Storm()
            {
                // Without sticky stops, every level catches the stack failure of the level below and recurses twice more.
                Func<int, int>? f = null;
                f = x =>
                {
                    try { return f!(x + 1) + 1; }
                    catch { return f!(x + 1) + f!(x + 2); }
                };
                return f(0);
            }

            private static int TimeStorm()
            {
                Func<int, int>? f = null;
                f = x =>
                {
                    try { if (x > 20) { While(); } return f!(x + 1); }
                    catch (Exception) { return f!(x + 1) + f!(x + 1); }
                };
                return f(0);
            }

            private static int Property => Looping;

            private static int Looping { get { while (true) { } } }

            {{TestRules.PlainSample}}
        }
        """;

    private readonly DeployedRule _deployed = new("Runaway", Runaway, TestRules.FastRunner());

    private RuleRunner Runner => _deployed.Runner;

    private CompiledRule Rule => _deployed.Rule;

    public void Dispose() => _deployed.Dispose();

    [Fact]
    public void The_inline_runner_is_the_default_and_calls_the_rule_on_the_callers_thread()
    {
        Assert.Equal(RuleIsolation.Inline, new RuleRunnerOptions().Isolation);
        Assert.Equal(RuleIsolation.Inline, Runner.Isolation);
        var caller = Environment.CurrentManagedThreadId;
        var builtOn = new int[10];

        var results = Rule.ApplyBatch(10, i =>
        {
            builtOn[i] = Environment.CurrentManagedThreadId;
            return TestRules.Input(rated: i);
        });

        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(i, results.Amount(i)));
        Assert.All(builtOn, t => Assert.Equal(caller, t));
    }

    [Theory]
    [InlineData("WHILE")]
    [InlineData("FOR")]
    [InlineData("DO")]
    [InlineData("FOREACH")]
    [InlineData("NESTED_CATCH")]
    [InlineData("SWALLOW")]
    [InlineData("FILTER")]
    [InlineData("FINALLY")]
    [InlineData("LINQ")]
    [InlineData("LINQ_EXPRESSION")]
    [InlineData("TIME_STORM")]
    [InlineData("PROPERTY")]
    public void A_runaway_call_is_stopped_at_its_budget_and_the_next_call_works(string service)
    {
        var before = Runner.GetStats();

        var result = Rule.Apply(TestRules.Input(service: service), Short);

        Assert.Equal(RuleCallStatus.BudgetExceeded, result.Status);
        Assert.Equal("time budget exceeded: rule Runaway v1 ran longer than 100 ms; the call was stopped", result.FailureReason);
        var stats = Runner.GetStats();
        Assert.Equal(before.Calls + 1, stats.Calls);
        Assert.Equal(before.BudgetExceeded + 1, stats.BudgetExceeded);
        Assert.Equal(before.Threw, stats.Threw);
        Assert.Equal(0, stats.AbandonedWorkersRunning);

        var next = Rule.Apply(TestRules.Input(rated: 4m), Short);
        Assert.True(next.Succeeded, next.FailureReason);
        Assert.Equal(4m, next.Output!.Amount);
    }

    [Theory]
    [InlineData("RECURSE")]
    [InlineData("STORM")]
    public void Recursion_without_end_fails_with_a_reason_instead_of_a_stack_overflow(string service)
    {
        var result = Rule.Apply(TestRules.Input(service: service), TimeSpan.FromSeconds(30));

        Assert.Equal(RuleCallStatus.Threw, result.Status);
        Assert.StartsWith("rule threw InsufficientExecutionStackException at Runaway.cs line ", result.FailureReason, StringComparison.Ordinal);
        Assert.EndsWith(": the rule recursed too deeply", result.FailureReason, StringComparison.Ordinal);

        var next = Rule.Apply(TestRules.Input(rated: 5m));
        Assert.Equal(5m, next.Output!.Amount);
    }

    [Fact]
    public void In_a_batch_each_overrun_is_stopped_and_the_others_are_rated()
    {
        var before = Runner.GetStats();

        var results = Rule.ApplyBatch(
            [TestRules.Input(rated: 1m), TestRules.Input(service: "WHILE"), TestRules.Input(service: "SWALLOW"), TestRules.Input(rated: 4m)],
            Short);

        Assert.Equal(
            [RuleCallStatus.Succeeded, RuleCallStatus.BudgetExceeded, RuleCallStatus.BudgetExceeded, RuleCallStatus.Succeeded],
            results.Select(r => r.Status));
        Assert.Equal(4m, results[3].Output!.Amount);
        var stats = Runner.GetStats();
        Assert.Equal(before.Calls + 4, stats.Calls);
        Assert.Equal(before.Succeeded + 2, stats.Succeeded);
        Assert.Equal(before.BudgetExceeded + 2, stats.BudgetExceeded);
    }

    [Fact]
    public void The_worker_isolation_also_stops_deep_recursion_with_a_reason()
    {
        using var runner = new RuleRunner(new RuleRunnerOptions { Isolation = RuleIsolation.WorkerThread, DeployBudget = TimeSpan.FromSeconds(30) });
        using var registry = new TariffRuleRegistry(runner: runner);
        Assert.True(registry.Deploy("Runaway", Runaway).Succeeded);
        var rule = registry.Get("Runaway")!;

        var results = rule.ApplyBatch([TestRules.Input(service: "STORM"), TestRules.Input(rated: 3m)], TimeSpan.FromSeconds(30));

        Assert.Equal(RuleCallStatus.Threw, results[0].Status);
        Assert.EndsWith(": the rule recursed too deeply", results[0].FailureReason, StringComparison.Ordinal);
        Assert.Equal(3m, results[1].Output!.Amount);
    }
}
