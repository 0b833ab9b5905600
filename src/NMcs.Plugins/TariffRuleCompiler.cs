using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace NMcs.Plugins;

/// <summary>
/// Compiles the C# source of one tariff rule with Roslyn (<c>CSharpCompilation.Emit</c>)
/// against the reference allow-list (<see cref="RuleReferences"/>), checks it for forbidden APIs and checks its
/// shape: exactly one public, non-abstract, non-generic, top-level class implementing <c>NMcs.Rules.ITariffRule</c>
/// with a public parameterless constructor. Thread-safe; one instance can serve a whole host.
/// </summary>
/// <remarks>
/// A rule may name itself with <c>public const string RuleName = "...";</c> on its class; otherwise its name is the
/// class name. Unsafe code is off and arithmetic is checked (integer overflow throws instead of wrapping).
/// </remarks>
public sealed partial class TariffRuleCompiler
{
    private const string RuleInterface = "NMcs.Rules.ITariffRule";
    private const string RuleNameConstant = "RuleName";

    private static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    private CSharpCompilation _template;
    private long _sequence;

    /// <summary>Creates a compiler over the reference allow-list of the running runtime.</summary>
    public TariffRuleCompiler()
    {
        _template = CreateTemplate(RuleReferences.MetadataReferences);
    }

    private static CSharpCompilation CreateTemplate(IEnumerable<MetadataReference> references)
    {
        var globalUsings = string.Concat(RuleReferences.ImplicitUsings.Select(u => $"global using {u};\n"));
        var usingsTree = CSharpSyntaxTree.ParseText(globalUsings, ParseOptions, path: "<implicit usings>", encoding: Encoding.UTF8);
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            allowUnsafe: false,
            checkOverflow: true,
            nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: false,
            deterministic: true);
        return CSharpCompilation.Create("NMcs.TariffRule", [usingsTree], references, options);
    }

    /// <summary>
    /// Compiles and checks one rule file. Never throws for bad source: problems come back in
    /// <see cref="RuleCompileResult.Errors"/> with file name, 1-based line and column, id and message.
    /// </summary>
    /// <param name="source">The C# source of the rule.</param>
    /// <param name="fileName">The file name to report problems against (e.g. <c>NightDataFree.cs</c>).</param>
    public RuleCompileResult Compile(string source, string fileName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);

        var sha = Sha256Hex(source);
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: fileName, encoding: Encoding.UTF8);
        var compilation = Volatile.Read(ref _template).AddSyntaxTrees(tree);
        var model = compilation.GetSemanticModel(tree);

        var errors = new List<RuleDiagnostic>();
        var warnings = new List<RuleDiagnostic>();

        // Forbidden APIs first: "System.IO.File is not allowed" explains more than the compiler's follow-up errors.
        errors.AddRange(ForbiddenApiChecker.Check(model, fileName));
        if (errors.Count > 0)
        {
            // Refused anyway; add the compiler's own errors so the author sees everything in one round.
            Split(compilation.GetDiagnostics(), tree, fileName, errors, warnings);
            return RuleCompileResult.Failed(fileName, sha, errors, warnings);
        }

        // A file with syntax errors, or without a usable rule class, is refused: report that with every compiler error.
        var syntaxBroken = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        var shape = syntaxBroken ? null : FindRuleClass(model, fileName, errors);
        if (shape is null)
        {
            Split(compilation.GetDiagnostics(), tree, fileName, errors, warnings);
            return RuleCompileResult.Failed(fileName, sha, errors, warnings);
        }

        // Emit reports every compile error too, so there is no separate (and equally expensive) diagnostics pass.
        var assemblyName = $"NMcs.TariffRule.{shape.Value.RuleName}.{Interlocked.Increment(ref _sequence)}";
        var emitted = Emit(compilation.WithAssemblyName(assemblyName), tree, fileName, errors, warnings);
        if (emitted is { Invalid: not null })
        {
            // Seen intermittently after many hundreds of load/unload cycles in one process: an image whose top-level
            // types carry nested-type visibility (the runtime refuses it: "format is invalid"). Retry once on a
            // fresh compilation with fresh references before refusing.
            var fresh = CreateTemplate(RuleReferences.CreateReferences());
            Volatile.Write(ref _template, fresh);
            errors.Clear();
            warnings.Clear();
            emitted = Emit(fresh.AddSyntaxTrees(tree).WithAssemblyName(assemblyName), tree, fileName, errors, warnings);
        }

        if (emitted is not { Invalid: null } image)
        {
            if (emitted is { Invalid: { } invalid })
            {
                errors.Add(new RuleDiagnostic(
                    RuleDiagnosticKind.LoadFailed,
                    RuleDiagnosticIds.LoadFailed,
                    $"the C# compiler produced an invalid assembly ({invalid}); the rule was not deployed: try again, and restart the host if it persists",
                    fileName,
                    0,
                    0));
            }

            return RuleCompileResult.Failed(fileName, sha, errors, warnings);
        }

        return new RuleCompileResult(
            fileName, sha, shape.Value.ClassName, shape.Value.RuleName, [], warnings, image.Pe, image.Pdb);
    }

    /// <summary>Emits PE and PDB; null when the compiler reported errors, else the image and, when it fails validation, why.</summary>
    private static (byte[] Pe, byte[] Pdb, string? Invalid)? Emit(
        CSharpCompilation compilation, SyntaxTree tree, string fileName, List<RuleDiagnostic> errors, List<RuleDiagnostic> warnings)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Split(emit.Diagnostics, tree, fileName, errors, warnings);
        if (!emit.Success || errors.Count > 0)
        {
            return null;
        }

        var image = pe.ToArray();
        return (image, pdb.ToArray(), Validate(image));
    }

    /// <summary>Checks the emitted metadata for the inconsistency the runtime rejects; null when sound.</summary>
    internal static string? Validate(byte[] image)
    {
        using var reader = new PEReader(ImmutableArray.Create(image));
        var metadata = reader.GetMetadataReader();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            var visibility = type.Attributes & System.Reflection.TypeAttributes.VisibilityMask;
            var nestedVisibility = visibility > System.Reflection.TypeAttributes.Public;
            if (nestedVisibility != !type.GetDeclaringType().IsNil)
            {
                return $"type {metadata.GetString(type.Name)} has {visibility} visibility but is {(nestedVisibility ? "not nested" : "nested")}";
            }
        }

        return null;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="source"/>.</summary>
    public static string Sha256Hex(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>True when <paramref name="name"/> is a usable rule name: 1–100 of letters, digits, '.', '_' or '-', starting with a letter.</summary>
    public static bool IsValidRuleName(string? name) => name is not null && RuleNamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleNamePattern();

    private static void Split(IEnumerable<Diagnostic> diagnostics, SyntaxTree tree, string fileName, List<RuleDiagnostic> errors, List<RuleDiagnostic> warnings)
    {
        foreach (var d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
            {
                errors.Add(ToRuleDiagnostic(d, fileName));
            }
            else if (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree == tree)
            {
                warnings.Add(ToRuleDiagnostic(d, fileName));
            }
        }
    }

    internal static RuleDiagnostic ToRuleDiagnostic(Diagnostic d, string fileName)
    {
        var (line, column) = Position(d.Location);
        return new RuleDiagnostic(RuleDiagnosticKind.CompileError, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), fileName, line, column);
    }

    internal static (int Line, int Column) Position(Location location)
    {
        if (!location.IsInSource)
        {
            return (0, 0);
        }

        var span = location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    private static (string ClassName, string RuleName)? FindRuleClass(SemanticModel model, string fileName, List<RuleDiagnostic> errors)
    {
        var ruleInterface = model.Compilation.GetTypeByMetadataName(RuleInterface);
        var root = model.SyntaxTree.GetRoot();
        var candidates = new List<(TypeDeclarationSyntax Syntax, INamedTypeSymbol Symbol)>();
        foreach (var declaration in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol symbol
                && ruleInterface is not null
                && symbol.AllInterfaces.Contains(ruleInterface, SymbolEqualityComparer.Default)
                && !candidates.Any(c => SymbolEqualityComparer.Default.Equals(c.Symbol, symbol)))
            {
                candidates.Add((declaration, symbol));
            }
        }

        // Abstract base classes are allowed as helpers; only concrete classes count as the rule.
        var concrete = candidates.Where(c => !c.Symbol.IsAbstract).ToList();
        if (concrete.Count == 0)
        {
            var at = candidates.Count > 0 ? Position(candidates[0].Syntax.Identifier.GetLocation()) : (1, 1);
            var message = candidates.Count > 0
                ? $"class {candidates[0].Symbol.Name} implements ITariffRule but is abstract; a rule file must declare one public non-abstract class implementing NMcs.Rules.ITariffRule"
                : "no class implements NMcs.Rules.ITariffRule; a rule file must declare exactly one public non-abstract class implementing it";
            errors.Add(new RuleDiagnostic(RuleDiagnosticKind.InvalidShape, RuleDiagnosticIds.NoRuleClass, message, fileName, at.Item1, at.Item2));
            return null;
        }

        if (concrete.Count > 1)
        {
            var at = Position(concrete[1].Syntax.Identifier.GetLocation());
            errors.Add(new RuleDiagnostic(
                RuleDiagnosticKind.InvalidShape,
                RuleDiagnosticIds.SeveralRuleClasses,
                $"{concrete.Count} classes implement ITariffRule ({string.Join(", ", concrete.Select(c => c.Symbol.Name))}); a rule file must declare exactly one",
                fileName,
                at.Line,
                at.Column));
            return null;
        }

        var (syntax, rule) = concrete[0];
        var pos = Position(syntax.Identifier.GetLocation());
        string? problem = null;
        if (rule.TypeKind != TypeKind.Class)
        {
            problem = $"{rule.Name} must be a class, not a {rule.TypeKind.ToString().ToLowerInvariant()}";
        }
        else if (rule.DeclaredAccessibility != Accessibility.Public)
        {
            problem = $"class {rule.Name} must be public";
        }
        else if (rule.ContainingType is not null)
        {
            problem = $"class {rule.Name} must be a top-level class, not nested in {rule.ContainingType.Name}";
        }
        else if (rule.IsGenericType)
        {
            problem = $"class {rule.Name} must not be generic";
        }
        else if (!rule.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public))
        {
            problem = $"class {rule.Name} needs a public parameterless constructor";
        }

        if (problem is not null)
        {
            errors.Add(new RuleDiagnostic(RuleDiagnosticKind.InvalidShape, RuleDiagnosticIds.UnusableRuleClass, problem, fileName, pos.Line, pos.Column));
            return null;
        }

        var ruleName = rule.Name;
        var declared = rule.GetMembers(RuleNameConstant).OfType<IFieldSymbol>().FirstOrDefault();
        if (declared is not null)
        {
            var declaredPos = Position(declared.Locations.FirstOrDefault() ?? Location.None);
            if (!declared.IsConst || declared.ConstantValue is not string value)
            {
                errors.Add(new RuleDiagnostic(
                    RuleDiagnosticKind.InvalidShape,
                    RuleDiagnosticIds.InvalidRuleName,
                    $"{RuleNameConstant} must be declared as 'public const string {RuleNameConstant} = \"...\";'",
                    fileName,
                    declaredPos.Line,
                    declaredPos.Column));
                return null;
            }

            ruleName = value;
            if (!IsValidRuleName(ruleName))
            {
                errors.Add(new RuleDiagnostic(
                    RuleDiagnosticKind.InvalidShape,
                    RuleDiagnosticIds.InvalidRuleName,
                    $"rule name '{ruleName}' is not valid: use 1-100 letters, digits, '.', '_' or '-', starting with a letter",
                    fileName,
                    declaredPos.Line,
                    declaredPos.Column));
                return null;
            }
        }

        var className = rule.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? $"{ns.ToDisplayString()}.{rule.MetadataName}"
            : rule.MetadataName;
        return (className, ruleName);
    }
}

/// <summary>The outcome of <see cref="TariffRuleCompiler.Compile"/>.</summary>
public sealed class RuleCompileResult
{
    internal RuleCompileResult(
        string fileName,
        string sha256,
        string? className,
        string? ruleName,
        IReadOnlyList<RuleDiagnostic> errors,
        IReadOnlyList<RuleDiagnostic> warnings,
        byte[]? image,
        byte[]? symbols)
    {
        FileName = fileName;
        Sha256 = sha256;
        ClassName = className;
        RuleName = ruleName;
        Errors = errors;
        Warnings = warnings;
        Image = image is null ? default : ImmutableArray.Create(image);
        Symbols = symbols is null ? default : ImmutableArray.Create(symbols);
    }

    /// <summary>True when the source compiled, passed the forbidden-API check and has a usable rule class.</summary>
    public bool Succeeded => Errors.Count == 0 && !Image.IsDefault;

    /// <summary>File name the source was compiled under.</summary>
    public string FileName { get; }

    /// <summary>Lower-case hex SHA-256 of the source (UTF-8).</summary>
    public string Sha256 { get; }

    /// <summary>Full name of the rule class (namespace-qualified), when found.</summary>
    public string? ClassName { get; }

    /// <summary>The rule's name: its <c>RuleName</c> constant, or else the class name.</summary>
    public string? RuleName { get; }

    /// <summary>Compile errors, forbidden-API uses and shape problems; empty on success.</summary>
    public IReadOnlyList<RuleDiagnostic> Errors { get; }

    /// <summary>Compiler warnings in the rule file; they do not block deployment.</summary>
    public IReadOnlyList<RuleDiagnostic> Warnings { get; }

    internal ImmutableArray<byte> Image { get; }

    internal ImmutableArray<byte> Symbols { get; }

    internal static RuleCompileResult Failed(string fileName, string sha, List<RuleDiagnostic> errors, List<RuleDiagnostic> warnings) =>
        new(fileName, sha, null, null, errors, warnings, null, null);
}
