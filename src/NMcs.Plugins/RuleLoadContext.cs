using System.Reflection;
using System.Runtime.Loader;
using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>
/// A collectible load context holding exactly one rule assembly. The contract assembly resolves to the host's
/// already loaded copy (so <see cref="ITariffRule"/> is the same type on both sides), and so does NMcs.Plugins for the
/// injected <see cref="RuleBudget"/> calls; the framework assemblies of the
/// allow-list resolve from the default context; anything else is refused.
/// </summary>
internal sealed class RuleLoadContext : AssemblyLoadContext
{
    private static readonly Assembly ContractsAssembly = typeof(ITariffRule).Assembly;
    private static readonly Assembly BudgetAssembly = typeof(RuleBudget).Assembly;

    public RuleLoadContext(string name)
        : base(name, isCollectible: true)
    {
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (string.Equals(name, RuleReferences.ContractsAssemblyName, StringComparison.Ordinal))
        {
            return ContractsAssembly;
        }

        if (string.Equals(name, RuleReferences.BudgetAssemblyName, StringComparison.Ordinal))
        {
            // The host's own copy: RuleBudget's per-thread state must be the one the runner arms.
            return BudgetAssembly;
        }

        if (RuleReferences.LoadableAssemblyNames.Contains(name))
        {
            // null = fall back to the default context, which already holds the shared framework.
            return null;
        }

        throw new FileLoadException($"tariff rules may not load assembly '{assemblyName.FullName}': it is not on the reference allow-list");
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        throw new DllNotFoundException($"tariff rules may not load native library '{unmanagedDllName}'");
}
