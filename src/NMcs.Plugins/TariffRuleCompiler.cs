using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
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
/// Compiles the C# source of one tariff rule with Roslyn (<c>CSharpCompilation.Emit</c>)
/// against the reference allow-list (<see cref="RuleReferences"/>), checks it for forbidden APIs and checks its
/// shape: exactly one public, non-abstract, non-generic, top-level class implementing <c>NMcs.Rules.ITariffRule</c>
/// with a public parameterless constructor. Thread-safe; one instance can serve a whole host.
/// </summary>
/// <remarks>
/// A rule may name itself with <c>public const string RuleName = "...";</c> on its class; otherwise its name is the
/// class name. Unsafe code is off and arithmetic is checked (integer overflow throws instead of wrapping).
/// The Roslyn work itself is <see cref="RuleCompilation"/>, run in a private copy (<see cref="CompilerCopy"/>).
/// </remarks>
public sealed partial class TariffRuleCompiler
{
    private readonly Func<byte[], string?> _validate;
    private long _sequence;

    /// <summary>Creates a compiler over the reference allow-list of the running runtime.</summary>
    public TariffRuleCompiler()
        : this(Validate)
    {
    }

    /// <summary>For tests: a compiler whose image check is <paramref name="validate"/> instead of <see cref="Validate"/>.</summary>
    internal TariffRuleCompiler(Func<byte[], string?> validate)
    {
        _validate = validate;
    }

    /// <summary>
    /// Compiles and checks one rule file. Never throws for bad source: problems come back in
    /// <see cref="RuleCompileResult.Errors"/> with file name, 1-based line and column, id and message.
    /// </summary>
    /// <param name="source">The C# source of the rule.</param>
    /// <param name="fileName">The file name to report problems against (e.g. <c>NightDataFree.cs</c>).</param>
    /// <remarks>
    /// Roslyn runs in a private, collectible copy shared by the process (<see cref="CompilerCopy"/>), never in the
    /// host's own copy. Every image is checked here, in the host, before anything loads it. When the copy fails
    /// (an invalid image, or Roslyn itself throws), it is retired and the rule is compiled again on a fresh copy;
    /// only when the fresh copy fails too is the rule refused (NMCS0020).
    /// </remarks>
    public RuleCompileResult Compile(string source, string fileName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);

        var sha = Sha256Hex(source);
        var sequence = Interlocked.Increment(ref _sequence);
        var copy = CompilerCopy.Acquire();
        var outcome = copy.Compile(source, fileName, sequence);
        var fault = Fault(outcome);
        string? recovered = null;
        if (fault is not null)
        {
            // Seen after many hundreds of compiles in one process: the copy's compiled code went wrong for good and
            // every later image of it is invalid. A fresh copy has never run and compiles correctly.
            CompilerCopy.Retire(copy);
            recovered = fault;
            copy = CompilerCopy.Acquire();
            outcome = copy.Compile(source, fileName, sequence);
            fault = Fault(outcome);
        }

        var errors = outcome.Errors.Select(e => ToRuleDiagnostic(e, fileName)).ToList();
        var warnings = outcome.Warnings.Select(w => ToRuleDiagnostic(w, fileName)).ToList();
        if (fault is not null)
        {
            CompilerCopy.Retire(copy);
            errors.Add(new RuleDiagnostic(
                RuleDiagnosticKind.LoadFailed,
                RuleDiagnosticIds.LoadFailed,
                $"the C# compiler failed twice ({fault}); the rule was not deployed: try again, and restart the host if it persists",
                fileName,
                0,
                0));
            return RuleCompileResult.Failed(fileName, sha, errors, warnings);
        }

        if (recovered is not null)
        {
            warnings.Add(new RuleDiagnostic(
                RuleDiagnosticKind.LoadFailed,
                RuleDiagnosticIds.LoadFailed,
                $"the C# compiler failed ({recovered}); it was reloaded (generation {copy.Generation}) and compiled the rule again",
                fileName,
                0,
                0));
        }

        return outcome.Image is { } image && errors.Count == 0
            ? new RuleCompileResult(fileName, sha, outcome.ClassName, outcome.RuleName, [], warnings, image, outcome.Symbols)
            : RuleCompileResult.Failed(fileName, sha, errors, warnings);
    }

    /// <summary>Why the compiler copy's answer cannot be trusted, or null: it threw, or it emitted an invalid image.</summary>
    private string? Fault(CompileOutcome outcome) =>
        outcome.Fault is { } thrown
            ? $"it threw {thrown}"
            : outcome.Image is { } image && _validate(image) is { } invalid
                ? $"it produced an invalid assembly: {invalid}"
                : null;

    private static RuleDiagnostic ToRuleDiagnostic((int Kind, string Id, string Message, int Line, int Column) d, string fileName) =>
        new((RuleDiagnosticKind)d.Kind, d.Id, d.Message, fileName, d.Line, d.Column);

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
