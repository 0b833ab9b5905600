using System.Runtime.CompilerServices;
using NMcs.Rules;

namespace NMcs.Plugins.Tests;

/// <summary>Rule sources and inputs shared by the tests.</summary>
internal static class TestRules
{
    public static readonly string PluginsFolder = Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string ReadPlugin(string fileName) => File.ReadAllText(Path.Combine(PluginsFolder, fileName));

    /// <summary>A tiny valid rule: amount = RatedAmount * factor. The factor is baked into the source so each redeploy differs.</summary>
    public static string Multiplier(decimal factor, string className = "Multiplier") => $$"""
        using System.Collections.Generic;
        using NMcs.Rules;

        public sealed class {{className}} : ITariffRule
        {
            public RuleOutput Apply(RuleInput input) => new(input.RatedAmount * {{factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}}m, "x{{factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}}");

            public IReadOnlyList<RuleSample> Samples { get; } =
            [
                new("ten", Inputs.Rated(10m), 10m * {{factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}}m),
            ];
        }

        internal static class Inputs
        {
            public static RuleInput Rated(decimal amount) => new(
                new UsageFacts("r", "DATA", 1m, new System.DateTimeOffset(2025, 1, 1, 0, 0, 0, System.TimeSpan.Zero), new System.DateTime(2025, 1, 1), null, null),
                new AccountFacts("A", "EUR", 1),
                amount,
                1m,
                "MB",
                new Dictionary<string, string>());
        }
        """;

    /// <summary>
    /// Rule source of a <c>Samples</c> property with one plain DATA sample of 2 EUR rated, expecting 2 EUR: for rules
    /// that pass it unchanged (needs <c>using System; using System.Collections.Generic;</c>).
    /// </summary>
    public const string PlainSample =
        "public IReadOnlyList<RuleSample> Samples { get; } = [new(\"plain\", new RuleInput(new UsageFacts(\"s\", \"DATA\", 1m, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTime(2025, 1, 1), null, null), new AccountFacts(\"A\", \"EUR\", 1), 2m, 1m, \"MB\", new Dictionary<string, string>()), 2m)];";

    /// <summary>Wraps statements into a rule whose Apply runs them first; samples pass when the statements do nothing harmful.</summary>
    public static string WithBody(string statements, string usings = "", string members = "") => $$"""
        {{usings}}
        using System.Collections.Generic;
        using NMcs.Rules;

        public sealed class Probe : ITariffRule
        {
            public RuleOutput Apply(RuleInput input)
            {
                {{statements}}
                return new RuleOutput(input.RatedAmount, "probe");
            }

            {{members}}

            public IReadOnlyList<RuleSample> Samples { get; } = [];
        }
        """;

    public static RuleInput Input(
        decimal rated = 1m,
        decimal units = 1m,
        string service = "DATA",
        string unit = "MB",
        DateTime? local = null,
        string? visited = null,
        int activeSims = 1,
        IReadOnlyDictionary<string, string>? parameters = null)
    {
        var at = local ?? new DateTime(2025, 5, 5, 12, 0, 0);
        return new RuleInput(
            new UsageFacts("rec-1", service, units, new DateTimeOffset(at, TimeSpan.Zero), at, visited, null),
            new AccountFacts("ACC", "EUR", activeSims),
            rated,
            units,
            unit,
            parameters ?? new Dictionary<string, string>());
    }

    public static RuleRunner FastRunner(TimeSpan? callBudget = null, RuleIsolation isolation = RuleIsolation.Inline) => new(new RuleRunnerOptions
    {
        Isolation = isolation,
        // Generous: tests must not flake on a loaded 2-core machine; the overrun tests set their own budgets.
        CallBudget = callBudget ?? TimeSpan.FromSeconds(5),
        DeployBudget = TimeSpan.FromSeconds(30),
    });

    /// <summary>Collects until <paramref name="reference"/> is dead or the attempts run out; true when collected.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Collect(WeakReference reference, int attempts = 20)
    {
        for (var i = 0; i < attempts && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (reference.IsAlive)
            {
                Thread.Sleep(20);
            }
        }

        return !reference.IsAlive;
    }
}

/// <summary>A rule deployed from <c>source</c> on a registry with its own runner; disposing it disposes both.</summary>
internal sealed class DeployedRule : IDisposable
{
    private readonly TariffRuleRegistry _registry;

    public DeployedRule(string name, string source, RuleRunner runner)
    {
        Runner = runner;
        _registry = new TariffRuleRegistry(runner: runner);
        var result = _registry.Deploy(name, source);
        Assert.True(result.Succeeded, result.Summary);
        Rule = _registry.Get(name)!;
    }

    public RuleRunner Runner { get; }

    public CompiledRule Rule { get; }

    public void Dispose()
    {
        _registry.Dispose();
        Runner.Dispose();
    }
}
