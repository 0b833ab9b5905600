using System.Collections.Frozen;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NMcs.Plugins;

/// <summary>
/// The semantic check: walks a rule's syntax tree with its <see cref="SemanticModel"/> and reports every use of an
/// API or language feature that tariff rules may not use, even when it is reachable through the allowed references
/// (System.Private.CoreLib holds File, Thread, Environment, Marshal and friends).
/// </summary>
internal static class ForbiddenApiChecker
{
    private const string Suffix = " is not allowed in tariff rules: ";

    /// <summary>Forbidden namespaces and types, matched on the dotted full name (exact or as a prefix followed by '.'). First match wins.</summary>
    private static readonly (string Prefix, string Category, string Id, string Reason)[] Rules =
    [
        ("System.IO", "files", RuleDiagnosticIds.ForbiddenApi, "rules may not touch files"),
        ("System.Resources", "files", RuleDiagnosticIds.ForbiddenApi, "rules may not load resources"),
        ("System.Net", "network", RuleDiagnosticIds.ForbiddenApi, "rules may not use the network"),
        ("System.Diagnostics.Process", "process", RuleDiagnosticIds.ForbiddenApi, "rules may not start or inspect processes"),
        ("System.Diagnostics.ProcessStartInfo", "process", RuleDiagnosticIds.ForbiddenApi, "rules may not start or inspect processes"),
        ("System.Diagnostics", "diagnostics", RuleDiagnosticIds.ForbiddenApi, "rules may not use debugger, tracing or process APIs"),
        ("System.Reflection", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.Runtime.InteropServices", "interop", RuleDiagnosticIds.NativeCode, "rules may not call native code or manipulate raw memory"),
        ("System.Runtime.Loader", "loading", RuleDiagnosticIds.ForbiddenApi, "rules may not load assemblies"),
        ("System.Runtime.CompilerServices", "runtime", RuleDiagnosticIds.ForbiddenApi, "rules may not use runtime internals (Unsafe, RuntimeHelpers, module initialisers)"),
        ("System.Runtime", "runtime", RuleDiagnosticIds.ForbiddenApi, "rules may not use runtime services"),
        ("System.Threading", "threading", RuleDiagnosticIds.ForbiddenApi, "rules may not start threads, tasks or timers, or block"),
        ("System.Timers", "threading", RuleDiagnosticIds.ForbiddenApi, "rules may not start threads, tasks or timers, or block"),
        ("System.Security", "security", RuleDiagnosticIds.ForbiddenApi, "rules may not use security or cryptography APIs"),
        ("System.Linq.Expressions", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.Environment", "environment", RuleDiagnosticIds.ForbiddenApi, "rules may not read the environment or end the process"),
        ("System.AppDomain", "appdomain", RuleDiagnosticIds.ForbiddenApi, "rules may not touch the application domain"),
        ("System.AppContext", "appdomain", RuleDiagnosticIds.ForbiddenApi, "rules may not read or change application settings"),
        ("System.Activator", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not create objects by reflection"),
        ("System.GC", "gc", RuleDiagnosticIds.ForbiddenApi, "rules may not control the garbage collector"),
        ("System.Console", "console", RuleDiagnosticIds.ForbiddenApi, "rules may not write to the console; explain results in RuleOutput.Explanation"),
        ("System.RuntimeTypeHandle", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.RuntimeMethodHandle", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.RuntimeFieldHandle", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.RuntimeArgumentHandle", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not use unsafe code"),
        ("System.ModuleHandle", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.TypedReference", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not use unsafe code"),
        ("System.ArgIterator", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not use unsafe code"),
        ("System.Random", "nondeterminism", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: no random numbers"),
        ("System.TimeZoneInfo", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: input.Usage.LocalTime is already in the account's time zone"),
        ("System.TimeProvider", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: use input.Usage.OccurredAt or LocalTime, not the clock"),
        ("System.DateTime.Now", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: use input.Usage.OccurredAt or LocalTime, not the clock"),
        ("System.DateTime.UtcNow", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: use input.Usage.OccurredAt or LocalTime, not the clock"),
        ("System.DateTime.Today", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: use input.Usage.OccurredAt or LocalTime, not the clock"),
        ("System.DateTimeOffset.Now", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: use input.Usage.OccurredAt or LocalTime, not the clock"),
        ("System.DateTimeOffset.UtcNow", "clock", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: use input.Usage.OccurredAt or LocalTime, not the clock"),
        ("System.Guid.NewGuid", "nondeterminism", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: no new GUIDs"),
        ("System.Guid.CreateVersion7", "nondeterminism", RuleDiagnosticIds.NonDeterministic, "rules must be deterministic: no new GUIDs"),
        ("System.Delegate.DynamicInvoke", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.Delegate.Method", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("System.Delegate.CreateDelegate", "reflection", RuleDiagnosticIds.ForbiddenApi, "rules may not use reflection or emit code"),
        ("Microsoft", "platform", RuleDiagnosticIds.ForbiddenApi, "rules may not use platform APIs (registry, OS handles, compiler internals)"),
        ("Internal", "platform", RuleDiagnosticIds.ForbiddenApi, "rules may not use runtime-internal APIs"),
    ];

    /// <summary>Names under a forbidden prefix that are nonetheless fine (compiler-facing helpers and nullability attributes).</summary>
    private static readonly FrozenSet<string> Exempt = FrozenSet.ToFrozenSet(
    [
        "System.Diagnostics.CodeAnalysis",
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        "System.Runtime.CompilerServices.FormattableStringFactory",
    ], StringComparer.Ordinal);

    /// <summary>Namespaces of framework types a rule may use (exact match). Anything else from metadata is refused.</summary>
    private static readonly FrozenSet<string> AllowedNamespaces = FrozenSet.ToFrozenSet(
    [
        "System",
        "System.Buffers",
        "System.Collections",
        "System.Collections.Generic",
        "System.Collections.ObjectModel",
        "System.Diagnostics.CodeAnalysis",
        "System.Globalization",
        "System.Linq",
        "System.Numerics",
        "System.Text",
        "System.Runtime.CompilerServices",
        "NMcs.Rules",
    ], StringComparer.Ordinal);

    /// <summary>Members of System.Type a rule may touch; everything else on Type is reflection.</summary>
    private static readonly FrozenSet<string> AllowedTypeMembers = FrozenSet.ToFrozenSet(
        ["ToString", "Equals", "GetHashCode", "op_Equality", "op_Inequality"], StringComparer.Ordinal);

    /// <summary>Simple names that, when they do not resolve at all, are almost surely a forbidden framework type.</summary>
    private static readonly FrozenDictionary<string, string> WellKnownForbidden = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Console"] = "System.Console",
        ["File"] = "System.IO.File",
        ["Directory"] = "System.IO.Directory",
        ["FileStream"] = "System.IO.FileStream",
        ["StreamReader"] = "System.IO.StreamReader",
        ["StreamWriter"] = "System.IO.StreamWriter",
        ["HttpClient"] = "System.Net.Http.HttpClient",
        ["WebClient"] = "System.Net.WebClient",
        ["WebRequest"] = "System.Net.WebRequest",
        ["Socket"] = "System.Net.Sockets.Socket",
        ["TcpClient"] = "System.Net.Sockets.TcpClient",
        ["Dns"] = "System.Net.Dns",
        ["Process"] = "System.Diagnostics.Process",
        ["ProcessStartInfo"] = "System.Diagnostics.ProcessStartInfo",
        ["Thread"] = "System.Threading.Thread",
        ["ThreadPool"] = "System.Threading.ThreadPool",
        ["Task"] = "System.Threading.Tasks.Task",
        ["Parallel"] = "System.Threading.Tasks.Parallel",
        ["Timer"] = "System.Threading.Timer",
        ["Marshal"] = "System.Runtime.InteropServices.Marshal",
        ["DllImport"] = "System.Runtime.InteropServices.DllImportAttribute",
        ["DllImportAttribute"] = "System.Runtime.InteropServices.DllImportAttribute",
        ["Assembly"] = "System.Reflection.Assembly",
        ["AssemblyLoadContext"] = "System.Runtime.Loader.AssemblyLoadContext",
        ["Registry"] = "Microsoft.Win32.Registry",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] ReservedNamespaces = ["System", "Microsoft", "Internal", "NMcs"];

    private sealed record Finding(int Line, int Column, string Category, string Id, string Subject, string Reason, int Priority);

    /// <summary>Returns one diagnostic per line and category (the most specific one), in source order.</summary>
    public static IReadOnlyList<RuleDiagnostic> Check(SemanticModel model, string fileName)
    {
        var findings = new List<Finding>();
        var root = model.SyntaxTree.GetRoot();

        CheckTokens(root, findings);
        foreach (var node in root.DescendantNodesAndSelf())
        {
            CheckSyntax(model, node, findings);
        }

        if (findings.Count == 0)
        {
            // Only a rule that is otherwise clean is checked for recursion: the call graph of broken code is noise.
            RecursionChecker.Check(model, findings.Add);
        }

        // Per line: a bare namespace (priority 0) only counts when nothing more specific was found there; then one
        // finding per category, the most specific (highest priority), leftmost.
        return findings
            .GroupBy(f => f.Line)
            .SelectMany(line => line.Any(f => f.Priority > 0) ? line.Where(f => f.Priority > 0) : line)
            .GroupBy(f => (f.Line, f.Category))
            .Select(g => g.OrderByDescending(f => f.Priority).ThenBy(f => f.Column).First())
            .OrderBy(f => f.Line).ThenBy(f => f.Column)
            .Select(f => new RuleDiagnostic(RuleDiagnosticKind.ForbiddenApi, f.Id, f.Subject + Suffix + f.Reason, fileName, f.Line, f.Column))
            .ToList();
    }

    private static void CheckTokens(SyntaxNode root, List<Finding> findings)
    {
        foreach (var token in root.DescendantTokens())
        {
            (string Subject, string Category, string Id, string Reason)? hit = token.Kind() switch
            {
                SyntaxKind.UnsafeKeyword => ("unsafe code", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not use pointers or unsafe code"),
                SyntaxKind.FixedKeyword => ("'fixed'", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not use pointers or unsafe code"),
                SyntaxKind.StackAllocKeyword => ("'stackalloc'", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not allocate on the stack"),
                SyntaxKind.ExternKeyword => ("'extern' (P/Invoke)", "native", RuleDiagnosticIds.NativeCode, "rules may not call native code"),
                SyntaxKind.ArgListKeyword or SyntaxKind.MakeRefKeyword or SyntaxKind.RefTypeKeyword or SyntaxKind.RefValueKeyword
                    => ($"'{token.Text}'", "unsafe", RuleDiagnosticIds.UnsafeCode, "rules may not use unsafe code"),
                SyntaxKind.LockKeyword => ("'lock'", "threading", RuleDiagnosticIds.ForbiddenFeature, "rules may not start threads, tasks or timers, or block"),
                _ => null,
            };
            if (hit is { } h)
            {
                Add(findings, token.GetLocation(), h.Category, h.Id, h.Subject, h.Reason, 3);
            }
        }
    }

    private static void CheckSyntax(SemanticModel model, SyntaxNode node, List<Finding> findings)
    {
        switch (node)
        {
            case UsingDirectiveSyntax usingDirective:
                CheckName(Normalize(usingDirective.NamespaceOrType.ToString()), usingDirective.NamespaceOrType.GetLocation(), findings, 3);
                return;
            case PointerTypeSyntax or FunctionPointerTypeSyntax:
                Add(findings, node.GetLocation(), "unsafe", RuleDiagnosticIds.UnsafeCode, "pointer types", "rules may not use pointers or unsafe code", 3);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.AddressOfExpression) || prefix.IsKind(SyntaxKind.PointerIndirectionExpression):
                Add(findings, node.GetLocation(), "unsafe", RuleDiagnosticIds.UnsafeCode, "pointer operations", "rules may not use pointers or unsafe code", 3);
                return;
            case GotoStatementSyntax:
                Add(findings, node.GetLocation(), "feature", RuleDiagnosticIds.ForbiddenFeature, "'goto'", "write the repetition as a loop: the time budget stops rule code at loops and calls, not at jumps", 3);
                return;
            case LabeledStatementSyntax labeled:
                Add(findings, labeled.Identifier.GetLocation(), "feature", RuleDiagnosticIds.ForbiddenFeature, $"the label '{labeled.Identifier.ValueText}:'", "labels only serve 'goto', which rules may not use; write the repetition as a loop", 3);
                return;
            case DestructorDeclarationSyntax:
                Add(findings, node.GetLocation(), "feature", RuleDiagnosticIds.ForbiddenFeature, "a finalizer", "finalizers run on the GC thread, outside the rule's time budget", 3);
                return;
            case AttributeListSyntax { Target: { } target } when target.Identifier.IsKind(SyntaxKind.AssemblyKeyword) || target.Identifier.IsKind(SyntaxKind.ModuleKeyword):
                Add(findings, node.GetLocation(), "feature", RuleDiagnosticIds.ForbiddenFeature, $"a [{target.Identifier.Text}:] attribute", "rules may not carry assembly or module attributes", 3);
                return;
            case BaseNamespaceDeclarationSyntax ns:
                var nsName = Normalize(ns.Name.ToString());
                if (ReservedNamespaces.Any(r => nsName == r || nsName.StartsWith(r + ".", StringComparison.Ordinal)))
                {
                    Add(findings, ns.Name.GetLocation(), "feature", RuleDiagnosticIds.ForbiddenFeature, $"namespace {nsName}", "rules may not declare types in the System, Microsoft, Internal or NMcs namespaces", 3);
                }

                return;
            case QualifiedNameSyntax or MemberAccessExpressionSyntax when node.Parent is not (QualifiedNameSyntax or MemberAccessExpressionSyntax):
                // Outermost dotted name: catches forbidden namespaces spelled out even when they do not resolve
                // (System.Net.Http is not referenced at all, so the compiler alone would only say "does not exist").
                var text = Normalize(node.ToString());
                if (text.StartsWith("System.", StringComparison.Ordinal) || text.StartsWith("Microsoft.", StringComparison.Ordinal))
                {
                    // Name the well-known type rather than the whole chain when we can tell where it ends.
                    var known = WellKnownForbidden.Values
                        .Where(v => Covers(v, text))
                        .OrderByDescending(v => v.Length)
                        .FirstOrDefault();
                    CheckName(known ?? text, node.GetLocation(), findings, 1);
                }

                break;
        }

        if (node is SimpleNameSyntax name && !IsInsideUsingDirective(name))
        {
            CheckSimpleName(model, name, findings);
        }

        // The type of every expression, so a forbidden type cannot hide behind 'var' or a chained call.
        if (node is ExpressionSyntax and not (TypeSyntax or NameSyntax))
        {
            var type = model.GetTypeInfo(node).Type;
            if (type is not null)
            {
                CheckType(type, node.GetLocation(), findings, 2);
            }
        }
    }

    private static void CheckSimpleName(SemanticModel model, SimpleNameSyntax name, List<Finding> findings)
    {
        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        var location = name.GetLocation();
        switch (symbol)
        {
            case null:
                if (WellKnownForbidden.TryGetValue(name.Identifier.ValueText, out var fullName))
                {
                    CheckName(fullName, location, findings, 1);
                }

                return;
            case INamespaceSymbol ns:
                if (!ns.IsGlobalNamespace)
                {
                    CheckName(ns.ToDisplayString(), location, findings, 0);
                }

                return;
            case ITypeSymbol type:
                CheckType(type, location, findings, 2);
                return;
            case IAliasSymbol alias:
                if (alias.Target is ITypeSymbol aliasType)
                {
                    CheckType(aliasType, location, findings, 2);
                }

                return;
            case ILocalSymbol local:
                CheckType(local.Type, location, findings, 2);
                return;
            case IParameterSymbol parameter:
                CheckType(parameter.Type, location, findings, 2);
                return;
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                CheckMember(symbol, location, findings);
                return;
        }
    }

    private static void CheckMember(ISymbol member, Location location, List<Finding> findings)
    {
        if (member is IMethodSymbol { ReducedFrom: { } reduced })
        {
            member = reduced;
        }

        member = member.OriginalDefinition;
        var containing = member.ContainingType;
        if (containing is null || IsFromSource(member))
        {
            // The rule's own members are checked where they are declared.
            return;
        }

        if (!IsFromSource(containing))
        {
            var typeName = FullName(containing);
            if (typeName == "System.Type" && !AllowedTypeMembers.Contains(member.Name))
            {
                Add(findings, location, "reflection", RuleDiagnosticIds.ForbiddenApi, $"System.Type.{member.Name}", "rules may not use reflection or emit code", 2);
                return;
            }

            if (Match($"{typeName}.{member.Name}") is { } memberRule)
            {
                Add(findings, location, memberRule.Category, memberRule.Id, $"{typeName}.{member.Name}", memberRule.Reason, 2);
                return;
            }
        }

        CheckType(containing, location, findings, 2);
    }

    private static void CheckType(ITypeSymbol type, Location location, List<Finding> findings, int priority)
    {
        switch (type)
        {
            case IDynamicTypeSymbol:
                Add(findings, location, "dynamic", RuleDiagnosticIds.Dynamic, "'dynamic'", "rules must be statically typed (dynamic binds through reflection at run time)", 3);
                return;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                Add(findings, location, "unsafe", RuleDiagnosticIds.UnsafeCode, "pointer types", "rules may not use pointers or unsafe code", 3);
                return;
            case IArrayTypeSymbol array:
                CheckType(array.ElementType, location, findings, priority);
                return;
            case INamedTypeSymbol named:
                if (named.IsTupleType)
                {
                    foreach (var element in named.TupleElements)
                    {
                        CheckType(element.Type, location, findings, priority);
                    }

                    return;
                }

                foreach (var argument in named.TypeArguments)
                {
                    CheckType(argument, location, findings, priority);
                }

                if (IsFromSource(named) || named.TypeKind == TypeKind.Error)
                {
                    return;
                }

                var fullName = FullName(named.OriginalDefinition);
                if (CheckName(fullName, location, findings, priority))
                {
                    return;
                }

                var ns = named.ContainingNamespace is { IsGlobalNamespace: false } containingNs ? containingNs.ToDisplayString() : string.Empty;
                if (!AllowedNamespaces.Contains(ns))
                {
                    Add(findings, location, "allowlist", RuleDiagnosticIds.NotOnAllowList, fullName, "only System, System.Collections.Generic, System.Linq, System.Globalization, System.Text, System.Numerics and NMcs.Rules types are available", priority);
                }

                return;
        }
    }

    /// <summary>Reports <paramref name="name"/> when it falls under a forbidden rule; returns whether it did.</summary>
    private static bool CheckName(string name, Location location, List<Finding> findings, int priority)
    {
        if (Match(name) is not { } rule)
        {
            return false;
        }

        Add(findings, location, rule.Category, rule.Id, name, rule.Reason, priority);
        return true;
    }

    private static (string Category, string Id, string Reason)? Match(string name)
    {
        foreach (var exempt in Exempt)
        {
            if (Covers(exempt, name))
            {
                return null;
            }
        }

        foreach (var (prefix, category, id, reason) in Rules)
        {
            if (Covers(prefix, name))
            {
                return (category, id, reason);
            }
        }

        return null;
    }

    private static bool Covers(string prefix, string name) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] is '.' or '<' or '`');

    private static void Add(List<Finding> findings, Location location, string category, string id, string subject, string reason, int priority)
    {
        var (line, column) = TariffRuleCompiler.Position(location);
        findings.Add(new Finding(line, column, category, id, subject, reason, priority));
    }

    private static bool IsFromSource(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource);

    private static bool IsInsideUsingDirective(SyntaxNode node) => node.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null;

    private static string Normalize(string name)
    {
        var text = string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
        return text.StartsWith("global::", StringComparison.Ordinal) ? text["global::".Length..] : text;
    }

    internal static string FullName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.Name + "." + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>Rejects methods that call themselves, directly or through other methods of the rule: a stack overflow ends the whole process.</summary>
    private static class RecursionChecker
    {
        public static void Check(SemanticModel model, Action<Finding> report)
        {
            var edges = new Dictionary<ISymbol, List<(ISymbol Callee, Location At)>>(SymbolEqualityComparer.Default);
            var root = model.SyntaxTree.GetRoot();
            foreach (var node in root.DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ConstructorInitializerSyntax or ElementAccessExpressionSyntax))
                {
                    continue;
                }

                var caller = Owner(model, node);
                if (caller is null)
                {
                    continue;
                }

                var info = model.GetSymbolInfo(node);
                foreach (var callee in Callees(info.Symbol, node))
                {
                    if (callee.Locations.Any(l => l.SourceTree == model.SyntaxTree))
                    {
                        if (!edges.TryGetValue(caller, out var list))
                        {
                            edges[caller] = list = [];
                        }

                        list.Add((callee, node.GetLocation()));
                    }
                }
            }

            var state = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            var path = new List<ISymbol>();
            foreach (var start in edges.Keys)
            {
                if (Visit(start, edges, state, path, report))
                {
                    return;
                }
            }
        }

        private static bool Visit(ISymbol node, Dictionary<ISymbol, List<(ISymbol Callee, Location At)>> edges, Dictionary<ISymbol, int> state, List<ISymbol> path, Action<Finding> report)
        {
            if (state.TryGetValue(node, out var s) && s == 2)
            {
                return false;
            }

            state[node] = 1;
            path.Add(node);
            if (edges.TryGetValue(node, out var calls))
            {
                foreach (var (callee, at) in calls)
                {
                    if (state.TryGetValue(callee, out var cs) && cs == 1)
                    {
                        var cycle = path.Skip(path.FindIndex(p => SymbolEqualityComparer.Default.Equals(p, callee))).Append(callee).Select(Describe);
                        var (line, column) = TariffRuleCompiler.Position(at);
                        report(new Finding(
                            line,
                            column,
                            "recursion",
                            RuleDiagnosticIds.Recursion,
                            $"recursion ({string.Join(" -> ", cycle)})",
                            "a stack overflow cannot be caught and would end the host process; use a loop",
                            3));
                        return true;
                    }

                    if (Visit(callee, edges, state, path, report))
                    {
                        return true;
                    }
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return false;
        }

        private static string Describe(ISymbol symbol) => symbol switch
        {
            IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
            IMethodSymbol { MethodKind: MethodKind.Constructor } m => m.ContainingType.Name + " constructor",
            _ => symbol.Name,
        };

        private static IEnumerable<ISymbol> Callees(ISymbol? symbol, SyntaxNode node)
        {
            switch (symbol)
            {
                case IMethodSymbol method:
                    yield return (method.ReducedFrom ?? method).OriginalDefinition;
                    break;
                case IPropertySymbol property:
                    var assigned = node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node
                        || node.Parent is MemberAccessExpressionSyntax { Parent: AssignmentExpressionSyntax a2 } ma && ma.Name == node && a2.Left == ma;
                    var compound = assigned && node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } outer && !outer.IsKind(SyntaxKind.SimpleAssignmentExpression);
                    if ((!assigned || compound) && property.GetMethod is { } getter)
                    {
                        yield return getter.OriginalDefinition;
                    }

                    if (assigned && property.SetMethod is { } setter)
                    {
                        yield return setter.OriginalDefinition;
                    }

                    break;
            }
        }

        private static ISymbol? Owner(SemanticModel model, SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                        return model.GetDeclaredSymbol(ancestor) is IMethodSymbol m ? m.OriginalDefinition : null;
                    case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax } arrow:
                        return model.GetDeclaredSymbol(arrow.Parent!) is IPropertySymbol { GetMethod: { } getter } ? getter.OriginalDefinition : null;
                    case TypeDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }
    }
}
