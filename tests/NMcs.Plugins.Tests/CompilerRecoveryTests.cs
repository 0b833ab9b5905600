using System.Runtime.CompilerServices;

namespace NMcs.Plugins.Tests;

/// <summary>
/// The compiler runs in a private, replaceable copy of Roslyn (see docs/plugins.md, "Known issue"). These tests inject
/// the failure seen in long-running processes (an invalid image) through the image check.
/// </summary>
public sealed class CompilerRecoveryTests
{
    [Fact]
    public void Rules_are_compiled_by_a_private_copy_of_Roslyn_not_the_hosts()
    {
        var copy = CompilerCopy.Acquire();

        Assert.True(new TariffRuleCompiler().Compile(TestRules.Multiplier(2m), "Multiplier.cs").Succeeded);
        Assert.True(IsInPrivateContext(copy), "the compiler copy's Roslyn must not be the default context's");
    }

    [Fact]
    public void A_copy_that_emits_an_invalid_image_is_replaced_and_the_rule_compiles_on_a_fresh_one()
    {
        var checks = 0;
        var compiler = new TariffRuleCompiler(image => Interlocked.Increment(ref checks) == 1
            ? "type Multiplier has NestedPublic visibility but is not nested"
            : TariffRuleCompiler.Validate(image));
        var (retired, generation) = CurrentCopy();

        var result = compiler.Compile(TestRules.Multiplier(2m), "Multiplier.cs");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2, checks);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(RuleDiagnosticIds.LoadFailed, warning.Id);
        Assert.Contains("it produced an invalid assembly: type Multiplier has NestedPublic visibility", warning.Message, StringComparison.Ordinal);
        Assert.Contains("it was reloaded", warning.Message, StringComparison.Ordinal);
        Assert.True(CompilerCopy.Acquire().Generation > generation);
        Assert.True(TestRules.Collect(retired, attempts: 40), "the retired compiler copy was not collected");

        // The registry loads and runs what the fresh copy produced.
        using var runner = TestRules.FastRunner();
        using var registry = new TariffRuleRegistry(runner: runner, compiler: compiler);
        Assert.True(registry.Deploy("Multiplier", TestRules.Multiplier(3m)).Succeeded);
        Assert.Equal(30m, registry.Get("Multiplier")!.Apply(TestRules.Input(rated: 10m)).Output!.Amount);
    }

    [Fact]
    public void A_rule_is_refused_when_the_fresh_copy_fails_too_and_nothing_is_loaded()
    {
        var compiler = new TariffRuleCompiler(_ => "type Multiplier has NestedPublic visibility but is not nested");
        using var runner = TestRules.FastRunner();
        using var registry = new TariffRuleRegistry(runner: runner, compiler: compiler);

        var result = registry.Deploy("Multiplier", TestRules.Multiplier(2m));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(RuleDiagnosticIds.LoadFailed, error.Id);
        Assert.StartsWith("the C# compiler failed twice (it produced an invalid assembly: type Multiplier has NestedPublic", error.Message, StringComparison.Ordinal);
        Assert.Null(registry.Get("Multiplier"));

        // The next compile gets a copy that was never used, and a sound compiler works again.
        Assert.True(new TariffRuleCompiler().Compile(TestRules.Multiplier(2m), "Multiplier.cs").Succeeded);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Context, int Generation) CurrentCopy()
    {
        var copy = CompilerCopy.Acquire();
        return (copy.GetLoadContextWeakReference(), copy.Generation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsInPrivateContext(CompilerCopy copy)
    {
        var context = (System.Runtime.Loader.AssemblyLoadContext)copy.GetLoadContextWeakReference().Target!;
        return context.Assemblies.Any(a => a.GetName().Name == "Microsoft.CodeAnalysis.CSharp")
            && context.Assemblies.Any(a => a.GetName().Name == "NMcs.Plugins")
            && System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(CompilerCopy).Assembly) != context;
    }
}
