namespace NMcs.Plugins.Tests;

/// <summary>
/// What the budget instrumentation must not change: the lines and columns authors see in compile errors and stack
/// traces, and which language features are refused (goto, naming the budget itself).
/// </summary>
public sealed class InstrumentationTests
{
    private static readonly TariffRuleCompiler Compiler = new();

    [Fact]
    public void Goto_and_labels_are_refused_at_deploy_with_line_and_column()
    {
        var source = TestRules.WithBody(
            """
            var n = 0;
                    again: n++;
                    if (n < 3) { goto again; }
            """);

        var result = Compiler.Compile(source, "Probe.cs");

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(RuleDiagnosticIds.ForbiddenFeature, e.Id));
        Assert.Equal((LineOf(source, "again:"), ColumnOf(source, "again:")), (result.Errors[0].Line, result.Errors[0].Column));
        Assert.StartsWith("the label 'again:' is not allowed in tariff rules", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((LineOf(source, "goto again"), ColumnOf(source, "goto again")), (result.Errors[1].Line, result.Errors[1].Column));
        Assert.StartsWith("'goto' is not allowed in tariff rules", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Goto_case_is_refused_too()
    {
        var source = TestRules.WithBody("""switch (input.Usage.Service) { case "A": goto case "B"; case "B": goto default; default: break; }""");

        var result = Compiler.Compile(source, "Probe.cs");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(RuleDiagnosticIds.ForbiddenFeature, error.Id);
        Assert.Equal(ColumnOf(source, "goto case"), error.Column);
    }

    [Fact]
    public void Rule_source_cannot_name_the_budget()
    {
        var result = Compiler.Compile(TestRules.WithBody("NMcs.Plugins.RuleBudget.Checkpoint();"), "Probe.cs");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Id == RuleDiagnosticIds.NotOnAllowList && e.Message.StartsWith("NMcs.Plugins.RuleBudget", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_errors_on_instrumented_lines_keep_the_authors_line_and_column()
    {
        var source = TestRules.WithBody(
            """
            var n = 0;
                    while (n < 3)
                        n += missingA;
                    System.Func<int, int> f = x => x + missingB;
            """,
            members: "private static int Twice(int x) => x * missingC;");

        var result = Compiler.Compile(source, "Probe.cs");

        Assert.False(result.Succeeded);
        foreach (var name in new[] { "missingA", "missingB", "missingC" })
        {
            var error = Assert.Single(result.Errors, e => e.Id == "CS0103" && e.Message.Contains(name, StringComparison.Ordinal));
            Assert.Equal(LineOf(source, name), error.Line);
            Assert.Equal(ColumnOf(source, name), error.Column);
        }
    }

    [Theory]
    [InlineData("BLOCK")]
    [InlineData("ARROW")]
    [InlineData("LAMBDA")]
    [InlineData("LOOP")]
    [InlineData("GETTER")]
    public void Exceptions_report_the_authors_line(string service)
    {
        const string source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using NMcs.Rules;

            public sealed class Lines : ITariffRule
            {
                public RuleOutput Apply(RuleInput input)
                {
                    var s = input.Usage.Service;
                    if (s == "BLOCK") { Block(); }
                    if (s == "ARROW") { Arrow(1); }
                    if (s == "LAMBDA") { new[] { 1, 2 }.Select(x =>
                        x > 1 ? throw new InvalidOperationException("LAMBDA") : x).ToList(); }
                    if (s == "LOOP") { for (var i = 0; i < 3; i++)
                        if (i == 2) throw new InvalidOperationException("LOOP"); }
                    if (s == "GETTER") { _ = Getter; }
                    return new RuleOutput(input.RatedAmount, "ok");
                }

                private static void Block()
                {
                    throw new InvalidOperationException("BLOCK");
                }

                private static int Arrow(int x) =>
                    x > 0 ? throw new InvalidOperationException("ARROW") : x;

                private static int Getter => throw new InvalidOperationException("GETTER");

                {{TestRules.PlainSample}}
            }
            """;
        using var runner = TestRules.FastRunner();
        using var registry = new TariffRuleRegistry(runner: runner);
        var deployed = registry.Deploy("Lines", source);
        Assert.True(deployed.Succeeded, deployed.Summary);

        var result = registry.Get("Lines")!.Apply(TestRules.Input(service: service));

        Assert.Equal(RuleCallStatus.Threw, result.Status);
        var line = LineOf(source, $"InvalidOperationException(\"{service}\")");
        Assert.Equal($"rule threw InvalidOperationException at Lines.cs line {line}: {service}", result.FailureReason);
    }

    private static int LineOf(string source, string text) =>
        source.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    private static int ColumnOf(string source, string text) =>
        source.Split('\n').First(l => l.Contains(text, StringComparison.Ordinal)).IndexOf(text, StringComparison.Ordinal) + 1;
}
