using System.Reflection;
using System.Runtime.Loader;

namespace NMcs.Plugins;

/// <summary>
/// A collectible load context holding a private copy of Roslyn and of this assembly, in which tariff rules are
/// compiled. Everything else (the framework, <c>NMcs.Rules.Contracts</c>) resolves from the default context. When a
/// copy starts to emit invalid images, the host drops it and loads a fresh one: code that has never run in this
/// process, with its own JIT-compiled methods and statics (see docs/plugins.md, "Known issue").
/// </summary>
internal sealed class CompilerLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> PrivateAssemblies = new(FindPrivateAssemblies);

    public CompilerLoadContext(int generation)
        : base($"tariff-rule-compiler:{generation}", isCollectible: true)
    {
    }

    /// <summary>Name of the type whose static <c>Compile</c> method is the entry point inside the copy.</summary>
    public static string EntryTypeName { get; } = typeof(RuleCompilation).FullName!;

    /// <summary>Simple name of this assembly, loaded privately into every copy.</summary>
    public static string PluginsAssemblyName { get; } = typeof(CompilerLoadContext).Assembly.GetName().Name!;

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } name && PrivateAssemblies.Value.TryGetValue(name, out var path)
            ? LoadFromAssemblyPath(path)
            : null; // null = the default context's copy (the shared framework, the contract assembly)

    private static Dictionary<string, string> FindPrivateAssemblies()
    {
        // Roslyn and this assembly; their files are where the default context found them.
        var assemblies = new[]
        {
            typeof(CompilerLoadContext).Assembly,
            typeof(Microsoft.CodeAnalysis.Compilation).Assembly,
            typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly,
        };
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            if (string.IsNullOrEmpty(assembly.Location))
            {
                throw new InvalidOperationException(
                    $"{assembly.GetName().Name} has no file location (single-file publish is not supported for rule compilation)");
            }

            paths[assembly.GetName().Name!] = assembly.Location;
        }

        return paths;
    }
}
