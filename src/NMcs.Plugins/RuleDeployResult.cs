namespace NMcs.Plugins;

/// <summary>A sample that a rule did not reproduce at deploy.</summary>
/// <param name="SampleName">The sample's name.</param>
/// <param name="ExpectedAmount">Amount the sample expects.</param>
/// <param name="ActualAmount">Amount the rule returned, or null when it threw, overran or returned nothing valid.</param>
/// <param name="Reason">Why it failed, e.g. "sample 'night 03:00': expected 0 but the rule returned 1.25".</param>
public sealed record RuleSampleFailure(string SampleName, decimal ExpectedAmount, decimal? ActualAmount, string Reason);

/// <summary>The outcome of deploying, loading or building a tariff rule.</summary>
public sealed class RuleDeployResult
{
    internal RuleDeployResult(
        bool succeeded,
        bool unchanged,
        string? name,
        RuleVersionInfo? info,
        IReadOnlyList<RuleDiagnostic> diagnostics,
        IReadOnlyList<RuleSampleFailure> sampleFailures,
        IReadOnlyList<RuleDiagnostic> warnings,
        CompiledRule? candidate)
    {
        Succeeded = succeeded;
        Unchanged = unchanged;
        Name = name;
        Info = info;
        Diagnostics = diagnostics;
        SampleFailures = sampleFailures;
        Warnings = warnings;
        Candidate = candidate;
    }

    /// <summary>True when the rule is (or, for a candidate, could be) active.</summary>
    public bool Succeeded { get; }

    /// <summary>True when the source equals the active version's: nothing was compiled or swapped.</summary>
    public bool Unchanged { get; }

    /// <summary>The rule name, when known (it is not when the source did not compile).</summary>
    public string? Name { get; }

    /// <summary>The version number now active (or built), 0 on failure.</summary>
    public int Version => Info?.Version ?? 0;

    /// <summary>Metadata of the version now active (or built), on success.</summary>
    public RuleVersionInfo? Info { get; }

    /// <summary>Every problem: compile errors, forbidden APIs, shape, load and sample failures. Empty on success.</summary>
    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }

    /// <summary>The samples that failed, with expected and actual amounts.</summary>
    public IReadOnlyList<RuleSampleFailure> SampleFailures { get; }

    /// <summary>Compiler warnings; they do not block deployment.</summary>
    public IReadOnlyList<RuleDiagnostic> Warnings { get; }

    /// <summary>
    /// The loaded rule, only from <see cref="TariffRuleRegistry.BuildCandidate"/> (what-if runs). Call
    /// <see cref="CompiledRule.Unload"/> when done with it.
    /// </summary>
    public CompiledRule? Candidate { get; }

    /// <summary>One line for logs and API answers.</summary>
    public string Summary => Succeeded
        ? Unchanged
            ? $"{Name} v{Version} is already active with this source"
            : Candidate is not null ? $"{Name} compiled and passed its samples" : $"{Name} v{Version} deployed"
        : $"{Name ?? "rule"} refused: {string.Join("; ", Diagnostics.Take(5).Select(d => d.ToString()))}{(Diagnostics.Count > 5 ? $" (and {Diagnostics.Count - 5} more)" : string.Empty)}";

    /// <inheritdoc/>
    public override string ToString() => Summary;

    internal static RuleDeployResult Fail(string? name, IReadOnlyList<RuleDiagnostic> diagnostics, IReadOnlyList<RuleDiagnostic>? warnings = null, IReadOnlyList<RuleSampleFailure>? samples = null) =>
        new(false, false, name, null, diagnostics, samples ?? [], warnings ?? [], null);
}

/// <summary>Raised by <see cref="TariffRuleRegistry.Activated"/> when a version becomes the active one.</summary>
public sealed class RuleActivatedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public RuleActivatedEventArgs(RuleVersionInfo info, int? previousVersion)
    {
        Info = info;
        PreviousVersion = previousVersion;
    }

    /// <summary>The version now active (with its source, for persisting and broadcasting).</summary>
    public RuleVersionInfo Info { get; }

    /// <summary>The version it replaced, if any.</summary>
    public int? PreviousVersion { get; }
}
