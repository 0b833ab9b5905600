namespace NMcs.Plugins;

/// <summary>What kind of problem a <see cref="RuleDiagnostic"/> reports.</summary>
public enum RuleDiagnosticKind
{
    /// <summary>The C# compiler refused the source (syntax or type error).</summary>
    CompileError,

    /// <summary>The source uses an API or language feature that tariff rules may not use.</summary>
    ForbiddenApi,

    /// <summary>The source does not declare exactly one usable rule class.</summary>
    InvalidShape,

    /// <summary>The compiled rule could not be loaded or instantiated.</summary>
    LoadFailed,

    /// <summary>The rule's samples are missing or one of them did not reproduce its expected amount.</summary>
    SampleFailed,

    /// <summary>The deployment was refused for a reason that is not about the source (e.g. a stale version).</summary>
    Refused,
}

/// <summary>
/// One problem found while compiling, checking, loading or validating a tariff rule. <see cref="Line"/> and
/// <see cref="Column"/> are 1-based; both are 0 when the problem has no place in the source (e.g. a failed sample).
/// </summary>
/// <param name="Kind">What kind of problem this is.</param>
/// <param name="Id">Compiler id (e.g. CS1002) or an NMCS id from <see cref="RuleDiagnosticIds"/>.</param>
/// <param name="Message">Human-readable reason.</param>
/// <param name="FileName">File name the source was submitted under.</param>
/// <param name="Line">1-based line, or 0 when not applicable.</param>
/// <param name="Column">1-based column, or 0 when not applicable.</param>
public sealed record RuleDiagnostic(
    RuleDiagnosticKind Kind,
    string Id,
    string Message,
    string FileName,
    int Line,
    int Column)
{
    /// <summary>e.g. <c>Rule.cs: line 12, col 9: System.IO.File is not allowed in tariff rules: rules may not touch files [NMCS0001]</c>.</summary>
    public override string ToString() => Line > 0
        ? $"{FileName}: line {Line}, col {Column}: {Message} [{Id}]"
        : $"{FileName}: {Message} [{Id}]";
}

/// <summary>Ids of the diagnostics the plugin host itself reports (compiler errors keep their CS ids).</summary>
public static class RuleDiagnosticIds
{
    /// <summary>A forbidden API (files, network, processes, reflection, threads, environment, ...).</summary>
    public const string ForbiddenApi = "NMCS0001";

    /// <summary>Unsafe code, pointers, <c>fixed</c> or <c>stackalloc</c>.</summary>
    public const string UnsafeCode = "NMCS0002";

    /// <summary><c>dynamic</c>.</summary>
    public const string Dynamic = "NMCS0003";

    /// <summary>P/Invoke: <c>extern</c> methods, <c>DllImport</c>, <c>extern alias</c>.</summary>
    public const string NativeCode = "NMCS0004";

    /// <summary>A method that calls itself, directly or through other methods of the rule.</summary>
    public const string Recursion = "NMCS0005";

    /// <summary>A non-deterministic API: the clock, random numbers, new GUIDs.</summary>
    public const string NonDeterministic = "NMCS0006";

    /// <summary>A language feature rules may not use (finalizers, <c>lock</c>, assembly attributes, reserved namespaces).</summary>
    public const string ForbiddenFeature = "NMCS0007";

    /// <summary>An API outside the allow-list of namespaces.</summary>
    public const string NotOnAllowList = "NMCS0008";

    /// <summary>No class implementing <c>NMcs.Rules.ITariffRule</c>.</summary>
    public const string NoRuleClass = "NMCS0010";

    /// <summary>More than one class implementing <c>NMcs.Rules.ITariffRule</c>.</summary>
    public const string SeveralRuleClasses = "NMCS0011";

    /// <summary>The rule class is not public, is abstract or generic, is nested, or lacks a public parameterless constructor.</summary>
    public const string UnusableRuleClass = "NMCS0012";

    /// <summary>The declared or requested rule name is not valid.</summary>
    public const string InvalidRuleName = "NMCS0013";

    /// <summary>The compiled assembly could not be loaded or the rule could not be constructed.</summary>
    public const string LoadFailed = "NMCS0020";

    /// <summary>The rule declares no samples.</summary>
    public const string NoSamples = "NMCS0030";

    /// <summary>A sample did not reproduce its expected amount (or threw, or overran).</summary>
    public const string SampleFailed = "NMCS0031";

    /// <summary>The deployment was refused (stale or conflicting version).</summary>
    public const string Refused = "NMCS0040";
}
