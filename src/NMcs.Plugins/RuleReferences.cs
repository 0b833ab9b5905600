using System.Collections.Frozen;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>
/// The reference allow-list: the only assemblies a tariff rule is compiled against and may load at run time.
/// </summary>
public static class RuleReferences
{
    /// <summary>Framework assemblies rules compile against, taken from the running runtime's trusted platform assemblies.</summary>
    public static IReadOnlyList<string> FrameworkAssemblyNames { get; } =
    [
        "System.Private.CoreLib",
        "System.Runtime",
        "System.Collections",
        "System.Linq",
    ];

    /// <summary>Name of the host contract assembly (<c>NMcs.Rules.Contracts</c>).</summary>
    public static string ContractsAssemblyName { get; } = typeof(ITariffRule).Assembly.GetName().Name!;

    /// <summary>Namespaces imported into every rule with <c>global using</c>, so a rule file needs no using directives.</summary>
    public static IReadOnlyList<string> ImplicitUsings { get; } =
    [
        "System",
        "System.Collections.Generic",
        "System.Globalization",
        "System.Linq",
        "NMcs.Rules",
    ];

    /// <summary>Name of the assembly holding <see cref="RuleBudget"/>, which instrumented rules call.</summary>
    internal static string BudgetAssemblyName { get; } = typeof(RuleBudget).Assembly.GetName().Name!;

    internal static FrozenSet<string> LoadableAssemblyNames { get; } =
        FrameworkAssemblyNames.Append(ContractsAssemblyName).ToFrozenSet(StringComparer.Ordinal);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyReferences = new(CreateReferences);

    internal static IReadOnlyList<MetadataReference> MetadataReferences => LazyReferences.Value;

    /// <summary>Creates new reference objects (no symbols shared with earlier compilations).</summary>
    internal static List<MetadataReference> CreateReferences()
    {
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("the runtime does not expose TRUSTED_PLATFORM_ASSEMBLIES; tariff rules cannot be compiled");
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        var references = new List<MetadataReference>();
        foreach (var name in FrameworkAssemblyNames)
        {
            if (!byName.TryGetValue(name, out var path))
            {
                throw new InvalidOperationException($"framework assembly {name} is not among the trusted platform assemblies");
            }

            references.Add(MetadataReference.CreateFromFile(path));
        }

        var contracts = typeof(ITariffRule).Assembly.Location;
        if (string.IsNullOrEmpty(contracts))
        {
            throw new InvalidOperationException("NMcs.Rules.Contracts has no file location (single-file publish is not supported for rule compilation)");
        }

        // Read into memory rather than mapped: a redeploy of the host may overwrite the file in place.
        references.Add(MetadataReference.CreateFromImage(File.ReadAllBytes(contracts), filePath: contracts));

        references.Add(BudgetSurface(references));
        return references;
    }

    /// <summary>
    /// A metadata-only stand-in for NMcs.Plugins that declares nothing but the public surface of
    /// <see cref="RuleBudget"/>: the injected calls bind against it, and nothing else of the host's plugin assembly
    /// (the registry, the runner) is even visible to rule code. At run time the rule's reference to NMcs.Plugins
    /// resolves to the host's own copy (<see cref="RuleLoadContext"/>), where <see cref="RuleBudget"/>'s state lives.
    /// </summary>
    private static PortableExecutableReference BudgetSurface(List<MetadataReference> framework)
    {
        var source = $$"""
            namespace {{typeof(RuleBudget).Namespace}};

            public static class {{nameof(RuleBudget)}}
            {
                public static bool {{nameof(RuleBudget.Exhausted)}} => false;

                public static void {{nameof(RuleBudget.Checkpoint)}}() { }

                public static void {{nameof(RuleBudget.Enter)}}() { }
            }
            """;
        var compilation = CSharpCompilation.Create(
            BudgetAssemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emit = compilation.Emit(image, options: new EmitOptions(metadataOnly: true));
        if (!emit.Success)
        {
            throw new InvalidOperationException($"the RuleBudget reference did not compile: {string.Join("; ", emit.Diagnostics)}");
        }

        return MetadataReference.CreateFromImage(image.ToArray(), filePath: BudgetAssemblyName + ".dll");
    }
}
