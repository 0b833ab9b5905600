using System.Reflection;
using NMcs.Rules;

namespace NMcs.Plugins.Tests;

public sealed class LoadContextTests
{
    [Fact]
    public void The_contract_resolves_to_the_hosts_assembly_and_anything_else_is_refused()
    {
        var context = new RuleLoadContext("test");
        try
        {
            // Same Assembly object, so ITariffRule inside a rule is the host's ITariffRule.
            Assert.Same(typeof(ITariffRule).Assembly, context.LoadFromAssemblyName(typeof(ITariffRule).Assembly.GetName()));

            // Allow-listed framework assemblies come from the default context (the shared framework).
            Assert.Same(typeof(Enumerable).Assembly, context.LoadFromAssemblyName(new AssemblyName("System.Linq")));

            var refused = Assert.Throws<FileLoadException>(() => context.LoadFromAssemblyName(new AssemblyName("System.Net.Http")));
            Assert.Contains("not on the reference allow-list", refused.ToString(), StringComparison.Ordinal); // the runtime wraps our reason
            Assert.ThrowsAny<Exception>(() => context.LoadFromAssemblyName(new AssemblyName("NMcs.Grains")));

            // The injected budget calls bind to the host's own plugin assembly, where the runner arms RuleBudget.
            Assert.Same(typeof(RuleBudget).Assembly, context.LoadFromAssemblyName(new AssemblyName("NMcs.Plugins")));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void The_compile_references_are_exactly_the_allow_list()
    {
        var names = RuleReferences.MetadataReferences.Select(r => Path.GetFileNameWithoutExtension(r.Display)).ToList();

        Assert.Equal(["System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Linq", "NMcs.Rules.Contracts", "NMcs.Plugins"], names);
    }

    [Fact]
    public void Of_the_plugin_assembly_rules_compile_against_the_budget_checkpoints_only()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("probe", references: RuleReferences.MetadataReferences);
        var plugins = compilation.SourceModule.ReferencedAssemblySymbols.Single(a => a.Name == "NMcs.Plugins");

        var types = plugins.GlobalNamespace.GetNamespaceMembers().Single().GetNamespaceMembers().Single().GetTypeMembers();

        Assert.Equal(["RuleBudget"], types.Select(t => t.Name));
        Assert.Equal(
            ["Checkpoint", "Enter", "Exhausted"],
            types[0].GetMembers().Where(m => m.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && !m.IsImplicitlyDeclared && m is not Microsoft.CodeAnalysis.IMethodSymbol { AssociatedSymbol: not null }).Select(m => m.Name).Order());
    }
}
