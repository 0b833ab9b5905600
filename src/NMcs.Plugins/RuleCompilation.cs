using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using CompileOutcome = (
    string? ClassName,
    string? RuleName,
    byte[]? Image,
    byte[]? Symbols,
    string? Fault,
    (int Kind, string Id, string Message, int Line, int Column)[] Errors,
    (int Kind, string Id, string Message, int Line, int Column)[] Warnings);

namespace NMcs.Plugins;

/// <summary>
/// The Roslyn side of <see cref="TariffRuleCompiler"/>: parse, forbidden-API check, shape check and emit of one rule
/// file. It runs inside a <see cref="CompilerLoadContext"/>, in a private copy of this assembly and of Roslyn, so its
/// answer carries framework types only.
/// </summary>
internal static class RuleCompilation
{
    private const string RuleInterface = "NMcs.Rules.ITariffRule";
    private const string RuleNameConstant = "RuleName";

    private static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    // One per compiler copy: its referenced assembly symbols are built once and shared by every rule compilation.
    private static readonly Lazy<CSharpCompilation> Template = new(CreateTemplate);

    /// <summary>
    /// Entry point the host calls through a delegate. Never throws: a failure of the compiler itself comes back as
    /// <c>Fault</c>, so the host can retire this compiler copy.
    /// </summary>
    public static CompileOutcome Compile(string source, string fileName, long sequence)
    {
        try
        {
            return CompileCore(source, fileName, sequence);
        }
#pragma warning disable CA1031 // Roslyn must never take the host down; the host retires this copy and compiles again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (null, null, null, null, $"{ex.GetType().Name}: {ex.Message}", [], []);
        }
    }

    private static CSharpCompilation CreateTemplate()
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
        return CSharpCompilation.Create("NMcs.TariffRule", [usingsTree], RuleReferences.MetadataReferences, options);
    }

    private static CompileOutcome CompileCore(string source, string fileName, long sequence)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: fileName, encoding: Encoding.UTF8);
        var compilation = Template.Value.AddSyntaxTrees(tree);
        var model = compilation.GetSemanticModel(tree);

        var errors = new List<RuleDiagnostic>();
        var warnings = new List<RuleDiagnostic>();

        // Forbidden APIs first: "System.IO.File is not allowed" explains more than the compiler's follow-up errors.
        errors.AddRange(ForbiddenApiChecker.Check(model, fileName));
        if (errors.Count > 0)
        {
            // Refused anyway; add the compiler's own errors so the author sees everything in one round.
            Split(compilation.GetDiagnostics(), tree, fileName, errors, warnings);
            return Failed(errors, warnings);
        }

        // A file with syntax errors, or without a usable rule class, is refused: report that with every compiler error.
        var syntaxBroken = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        var shape = syntaxBroken ? null : FindRuleClass(model, fileName, errors);
        if (shape is null)
        {
            Split(compilation.GetDiagnostics(), tree, fileName, errors, warnings);
            return Failed(errors, warnings);
        }

        // What is emitted is the instrumented tree (budget checkpoints, guarded catch clauses; see BudgetInstrumenter),
        // so every loaded rule can be stopped on the caller's thread. Emit reports every compile error too, so there
        // is no separate (and equally expensive) diagnostics pass when the rule compiles.
        var instrumented = BudgetInstrumenter.Instrument(tree, model);
        var assemblyName = $"NMcs.TariffRule.{shape.Value.RuleName}.{sequence}";
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = compilation.ReplaceSyntaxTree(tree, instrumented).WithAssemblyName(assemblyName).Emit(
            pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!emit.Success || emit.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Report against the author's own source: columns of the instrumented tree differ on lines with a checkpoint.
            Split(compilation.GetDiagnostics(), tree, fileName, errors, warnings);
            if (errors.Count == 0)
            {
                // The source is fine but its instrumented copy is not: a fault of the instrumentation, not the author's.
                var first = emit.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
                errors.Add(new RuleDiagnostic(
                    RuleDiagnosticKind.LoadFailed,
                    RuleDiagnosticIds.LoadFailed,
                    $"the rule compiles but could not be instrumented for its time budget ({first.Id}: {first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}); please report this with the rule's source",
                    fileName,
                    TariffRuleCompiler.Position(first.Location).Line,
                    TariffRuleCompiler.Position(first.Location).Column));
            }

            return Failed(errors, warnings);
        }

        Split(emit.Diagnostics, instrumented, fileName, errors, warnings);

        return (shape.Value.ClassName, shape.Value.RuleName, pe.ToArray(), pdb.ToArray(), null, [], Flat(warnings));
    }

    private static CompileOutcome Failed(List<RuleDiagnostic> errors, List<RuleDiagnostic> warnings) =>
        (null, null, null, null, null, Flat(errors), Flat(warnings));

    private static (int Kind, string Id, string Message, int Line, int Column)[] Flat(List<RuleDiagnostic> diagnostics) =>
        [.. diagnostics.Select(d => ((int)d.Kind, d.Id, d.Message, d.Line, d.Column))];

    private static void Split(IEnumerable<Diagnostic> diagnostics, SyntaxTree tree, string fileName, List<RuleDiagnostic> errors, List<RuleDiagnostic> warnings)
    {
        foreach (var d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
            {
                errors.Add(TariffRuleCompiler.ToRuleDiagnostic(d, fileName));
            }
            else if (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree == tree)
            {
                warnings.Add(TariffRuleCompiler.ToRuleDiagnostic(d, fileName));
            }
        }
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
            var at = candidates.Count > 0 ? TariffRuleCompiler.Position(candidates[0].Syntax.Identifier.GetLocation()) : (1, 1);
            var message = candidates.Count > 0
                ? $"class {candidates[0].Symbol.Name} implements ITariffRule but is abstract; a rule file must declare one public non-abstract class implementing NMcs.Rules.ITariffRule"
                : "no class implements NMcs.Rules.ITariffRule; a rule file must declare exactly one public non-abstract class implementing it";
            errors.Add(new RuleDiagnostic(RuleDiagnosticKind.InvalidShape, RuleDiagnosticIds.NoRuleClass, message, fileName, at.Item1, at.Item2));
            return null;
        }

        if (concrete.Count > 1)
        {
            var at = TariffRuleCompiler.Position(concrete[1].Syntax.Identifier.GetLocation());
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
        var pos = TariffRuleCompiler.Position(syntax.Identifier.GetLocation());
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
            var declaredPos = TariffRuleCompiler.Position(declared.Locations.FirstOrDefault() ?? Location.None);
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
            if (!TariffRuleCompiler.IsValidRuleName(ruleName))
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
