using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>
/// The live set of tariff rules, versioned by name. <see cref="Deploy"/> compiles, checks, loads and validates a rule
/// against its samples, then swaps it in atomically and unloads the version it replaced. <see cref="Get"/> is
/// lock-free and cheap: call it once per record (or batch) and rate the whole record with the instance it returns.
/// </summary>
/// <remarks>
/// Deployments are serialised; reads never wait for them. The registry keeps each version's source and metadata
/// (<see cref="RuleVersionInfo"/>) so a host can persist and broadcast it; another silo rebuilds the same version with
/// <see cref="LoadPersisted"/>.
/// </remarks>
public sealed class TariffRuleRegistry : IDisposable
{
    /// <summary>Versions per rule kept in memory by <see cref="GetHistory"/>; older ones are dropped (persist them if needed).</summary>
    public const int MaxHistoryPerRule = 100;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly bool _ownsRunner;
    private bool _disposed;

    /// <summary>Creates a registry.</summary>
    /// <param name="timeProvider">Clock for <see cref="RuleVersionInfo.DeployedAt"/>; the system clock when null.</param>
    /// <param name="runner">Runner for rule calls; a new one with default budgets (owned and disposed by the registry) when null.</param>
    /// <param name="compiler">Compiler; a new one when null.</param>
    public TariffRuleRegistry(TimeProvider? timeProvider = null, RuleRunner? runner = null, TariffRuleCompiler? compiler = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _ownsRunner = runner is null;
        Runner = runner ?? new RuleRunner();
        Compiler = compiler ?? new TariffRuleCompiler();
    }

    /// <summary>Raised after a version became active (outside the registry's lock). Handler exceptions are swallowed.</summary>
    public event EventHandler<RuleActivatedEventArgs>? Activated;

    /// <summary>The runner every rule of this registry runs on.</summary>
    public RuleRunner Runner { get; }

    /// <summary>The compiler this registry uses.</summary>
    public TariffRuleCompiler Compiler { get; }

    /// <summary>
    /// Deploys <paramref name="source"/> as a new version of rule <paramref name="name"/>: compile, forbidden-API check,
    /// load, samples; on success the new version becomes active and the previous one is unloaded. Re-deploying the
    /// active source is a no-op (<see cref="RuleDeployResult.Unchanged"/>). Never throws for bad source.
    /// </summary>
    /// <param name="name">Rule name the catalog refers to.</param>
    /// <param name="source">C# source of the rule.</param>
    /// <param name="fileName">File name to report problems against; <c>{name}.cs</c> when null.</param>
    public RuleDeployResult Deploy(string name, string source, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        fileName ??= name + ".cs";
        if (!TariffRuleCompiler.IsValidRuleName(name))
        {
            return InvalidName(name, fileName);
        }

        if (Unchanged(name, TariffRuleCompiler.Sha256Hex(source)) is { } same)
        {
            return same;
        }

        var compiled = Compiler.Compile(source, fileName);
        return compiled.Succeeded
            ? Activate(name, source, compiled, version: null, deployedAt: null)
            : RuleDeployResult.Fail(name, compiled.Errors, compiled.Warnings);
    }

    /// <summary>
    /// Deploys a rule file under the name it declares (its <c>RuleName</c> constant, else its class name); what the
    /// folder watcher and a "deploy this file" command use.
    /// </summary>
    public RuleDeployResult DeploySource(string source, string fileName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var compiled = Compiler.Compile(source, fileName);
        if (!compiled.Succeeded)
        {
            return RuleDeployResult.Fail(null, compiled.Errors, compiled.Warnings);
        }

        var name = compiled.RuleName!;
        return Unchanged(name, compiled.Sha256) ?? Activate(name, source, compiled, version: null, deployedAt: null);
    }

    /// <summary>
    /// Rebuilds a version deployed elsewhere (another silo, or before a restart) without assigning a new number.
    /// The source is checked and its samples run again. Loading the active version again is a no-op; a version older
    /// than the active one, or the same number with different source, is refused.
    /// </summary>
    /// <param name="name">Rule name.</param>
    /// <param name="version">The version number it was deployed as (1 or more).</param>
    /// <param name="source">Its source.</param>
    /// <param name="deployedAt">When it was originally deployed.</param>
    /// <param name="fileName">File name it was deployed under; <c>{name}.cs</c> when null.</param>
    public RuleDeployResult LoadPersisted(string name, int version, string source, DateTimeOffset deployedAt, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        fileName ??= name + ".cs";
        if (!TariffRuleCompiler.IsValidRuleName(name))
        {
            return InvalidName(name, fileName);
        }

        var compiled = Compiler.Compile(source, fileName);
        return compiled.Succeeded
            ? Activate(name, source, compiled, version, deployedAt)
            : RuleDeployResult.Fail(name, compiled.Errors, compiled.Warnings);
    }

    /// <summary>
    /// Compiles, checks, loads and validates a rule without activating it, for what-if re-rating. The result's
    /// <see cref="RuleDeployResult.Candidate"/> has version 0; call <see cref="CompiledRule.Unload"/> when done.
    /// </summary>
    /// <param name="source">C# source of the candidate rule.</param>
    /// <param name="fileName">File name to report problems against.</param>
    /// <param name="name">Name to give it; the declared name when null.</param>
    public RuleDeployResult BuildCandidate(string source, string fileName, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (name is not null && !TariffRuleCompiler.IsValidRuleName(name))
        {
            return InvalidName(name, fileName);
        }

        var compiled = Compiler.Compile(source, fileName);
        if (!compiled.Succeeded)
        {
            return RuleDeployResult.Fail(name, compiled.Errors, compiled.Warnings);
        }

        name ??= compiled.RuleName!;
        var info = new RuleVersionInfo(name, 0, compiled.Sha256, _time.GetUtcNow(), fileName, compiled.ClassName!, source);
        var failure = Load(compiled, info, out var rule);
        return failure ?? new RuleDeployResult(true, false, name, info, [], [], compiled.Warnings, rule);
    }

    /// <summary>The active version of rule <paramref name="name"/> (case-insensitive), or null.</summary>
    public CompiledRule? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _slots.TryGetValue(name, out var slot) ? Volatile.Read(ref slot.Active) : null;
    }

    /// <summary>The active version of rule <paramref name="name"/>, when there is one.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out CompiledRule? rule)
    {
        rule = Get(name);
        return rule is not null;
    }

    /// <summary>Metadata of every active rule.</summary>
    public IReadOnlyList<RuleVersionInfo> GetActive() =>
        _slots.Values.Select(s => Volatile.Read(ref s.Active)?.Info).OfType<RuleVersionInfo>().OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Versions of rule <paramref name="name"/> deployed or loaded here, oldest first (at most <see cref="MaxHistoryPerRule"/>).</summary>
    public IReadOnlyList<RuleVersionInfo> GetHistory(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _slots.TryGetValue(name, out var slot) ? [.. slot.History] : [];
        }
    }

    /// <summary>Unloads every active rule and, when the registry created it, stops the runner.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var slot in _slots.Values)
            {
                Interlocked.Exchange(ref slot.Active, null)?.Unload();
            }
        }

        if (_ownsRunner)
        {
            Runner.Dispose();
        }
    }

    private RuleDeployResult? Unchanged(string name, string sha)
    {
        if (Get(name) is { } active && string.Equals(active.Info.Sha256, sha, StringComparison.Ordinal))
        {
            return new RuleDeployResult(true, true, active.Name, active.Info, [], [], [], null);
        }

        return null;
    }

    private RuleDeployResult Activate(string name, string source, RuleCompileResult compiled, int? version, DateTimeOffset? deployedAt)
    {
        RuleVersionInfo info;
        CompiledRule? previous;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var slot = _slots.GetOrAdd(name, _ => new Slot());
            var active = slot.Active;
            if (active is not null && string.Equals(active.Info.Sha256, compiled.Sha256, StringComparison.Ordinal)
                && (version is null || version == active.Version))
            {
                return new RuleDeployResult(true, true, active.Name, active.Info, [], [], compiled.Warnings, null);
            }

            if (version is { } wanted && active is not null && wanted <= active.Version)
            {
                var why = wanted == active.Version
                    ? $"version {wanted} of {name} is already active with different source (sha256 {active.Info.Sha256[..12]}...)"
                    : $"version {wanted} of {name} is older than the active version {active.Version}";
                return RuleDeployResult.Fail(name, [new RuleDiagnostic(RuleDiagnosticKind.Refused, RuleDiagnosticIds.Refused, why, compiled.FileName, 0, 0)], compiled.Warnings);
            }

            info = new RuleVersionInfo(
                name,
                version ?? slot.LatestVersion + 1,
                compiled.Sha256,
                deployedAt ?? _time.GetUtcNow(),
                compiled.FileName,
                compiled.ClassName!,
                source);
            var failure = Load(compiled, info, out var rule);
            if (failure is not null)
            {
                return failure;
            }

            slot.LatestVersion = Math.Max(slot.LatestVersion, info.Version);
            slot.History.RemoveAll(h => h.Version == info.Version);
            slot.History.Add(info);
            slot.History.Sort((a, b) => a.Version.CompareTo(b.Version));
            if (slot.History.Count > MaxHistoryPerRule)
            {
                slot.History.RemoveRange(0, slot.History.Count - MaxHistoryPerRule);
            }

            previous = Interlocked.Exchange(ref slot.Active, rule);
        }

        // Calls that already took the previous instance finish on it; its context unloads when they are done.
        previous?.Unload();
        RaiseActivated(info, previous?.Version);
        return new RuleDeployResult(true, false, name, info, [], [], compiled.Warnings, null);
    }

    /// <summary>Loads the compiled rule into a fresh collectible context and runs its samples; null on success.</summary>
    private RuleDeployResult? Load(RuleCompileResult compiled, RuleVersionInfo info, out CompiledRule? rule)
    {
        rule = null;
        var file = compiled.FileName;
        var context = new RuleLoadContext($"tariff-rule:{info.Name}:v{info.Version}");
        System.Reflection.Assembly assembly;
        Type type;
        try
        {
            using var pe = new MemoryStream(compiled.Image.ToArray(), writable: false);
            using var pdb = new MemoryStream(compiled.Symbols.ToArray(), writable: false);
            assembly = context.LoadFromStream(pe, pdb);
            type = assembly.GetType(compiled.ClassName!, throwOnError: true)!;
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or TypeLoadException or IOException)
        {
            context.Unload();
            return LoadFailure(info.Name, file, $"the compiled rule could not be loaded: {ex.Message}");
        }

        var budget = Runner.DeployBudget;
        var (instance, ctorFailure) = Runner.Invoke(() => (ITariffRule)Activator.CreateInstance(type)!, budget, $"constructor of {type.Name}", assembly);
        if (instance is null)
        {
            context.Unload();
            return LoadFailure(info.Name, file, ctorFailure ?? $"constructor of {type.Name} returned nothing");
        }

        // Copy the samples into host-made objects (inside the budget: enumerating them runs rule code), so nothing
        // the host keeps can call back into the rule outside a budget.
        var (samples, samplesFailure) = Runner.Invoke(() => CopySamples(instance.Samples), budget, "Samples getter", assembly);
        if (samplesFailure is not null)
        {
            context.Unload();
            return LoadFailure(info.Name, file, samplesFailure);
        }

        if (samples is null || samples.Length == 0)
        {
            context.Unload();
            return RuleDeployResult.Fail(info.Name, [new RuleDiagnostic(
                RuleDiagnosticKind.SampleFailed,
                RuleDiagnosticIds.NoSamples,
                "the rule declares no samples; every rule must declare at least one RuleSample with its expected amount before it can be deployed",
                file,
                0,
                0)], compiled.Warnings);
        }

        var candidate = new CompiledRule(info, instance, assembly, context, samples, Runner);
        var failures = RunSamples(candidate, samples);
        if (failures.Count > 0)
        {
            candidate.Unload();
            var diagnostics = failures
                .Select(f => new RuleDiagnostic(RuleDiagnosticKind.SampleFailed, RuleDiagnosticIds.SampleFailed, f.Reason, file, 0, 0))
                .ToList();
            return RuleDeployResult.Fail(info.Name, diagnostics, compiled.Warnings, failures);
        }

        rule = candidate;
        return null;
    }

    private static RuleSample[]? CopySamples(IReadOnlyList<RuleSample>? samples) =>
        samples?.Select(s => s is null
                ? null!
                : s.Input is null
                    ? s
                    : s with { Input = s.Input with { Parameters = new Dictionary<string, string>(s.Input.Parameters ?? new Dictionary<string, string>()) } })
            .ToArray();

    private List<RuleSampleFailure> RunSamples(CompiledRule rule, RuleSample[] samples)
    {
        var failures = new List<RuleSampleFailure>();
        var valid = new List<RuleSample>();
        for (var i = 0; i < samples.Length; i++)
        {
            var sample = samples[i];
            if (sample?.Input is null)
            {
                failures.Add(new RuleSampleFailure(sample?.Name ?? $"#{i + 1}", sample?.ExpectedAmount ?? 0m, null, $"sample #{i + 1} ('{sample?.Name}') has no input"));
            }
            else
            {
                valid.Add(sample);
            }
        }

        if (failures.Count > 0)
        {
            return failures;
        }

        // Cold run under the deploy budget (JIT happens here), then a warm run under the production call budget:
        // a rule whose samples cannot meet the call budget would overrun on live records too.
        var inputs = valid.Select(s => s.Input).ToList();
        var cold = rule.ApplyBatch(inputs, Runner.DeployBudget);
        for (var i = 0; i < valid.Count; i++)
        {
            if (Compare(valid[i], cold[i]) is { } failure)
            {
                failures.Add(failure);
            }
        }

        if (failures.Count > 0)
        {
            return failures;
        }

        var warm = rule.ApplyBatch(inputs, Runner.CallBudget);
        for (var i = 0; i < valid.Count; i++)
        {
            var sample = valid[i];
            if (!warm[i].Succeeded)
            {
                failures.Add(new RuleSampleFailure(sample.Name, sample.ExpectedAmount, null, $"sample '{sample.Name}' (second run): {warm[i].FailureReason}"));
            }
            else if (warm[i].Output!.Amount != cold[i].Output!.Amount)
            {
                failures.Add(new RuleSampleFailure(
                    sample.Name,
                    sample.ExpectedAmount,
                    warm[i].Output!.Amount,
                    $"sample '{sample.Name}': returned {Format(cold[i].Output!.Amount)} then {Format(warm[i].Output!.Amount)} for the same input; rules must be deterministic"));
            }
        }

        return failures;
    }

    private static RuleSampleFailure? Compare(RuleSample sample, RuleCallResult result)
    {
        if (!result.Succeeded)
        {
            return new RuleSampleFailure(sample.Name, sample.ExpectedAmount, null, $"sample '{sample.Name}': {result.FailureReason}");
        }

        var actual = result.Output!.Amount;
        return actual == sample.ExpectedAmount
            ? null
            : new RuleSampleFailure(
                sample.Name,
                sample.ExpectedAmount,
                actual,
                $"sample '{sample.Name}': expected {Format(sample.ExpectedAmount)} but the rule returned {Format(actual)}");
    }

    private static string Format(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static RuleDeployResult LoadFailure(string name, string file, string message) =>
        RuleDeployResult.Fail(name, [new RuleDiagnostic(RuleDiagnosticKind.LoadFailed, RuleDiagnosticIds.LoadFailed, message, file, 0, 0)]);

    private static RuleDeployResult InvalidName(string name, string file) =>
        RuleDeployResult.Fail(name, [new RuleDiagnostic(
            RuleDiagnosticKind.Refused,
            RuleDiagnosticIds.InvalidRuleName,
            $"rule name '{name}' is not valid: use 1-100 letters, digits, '.', '_' or '-', starting with a letter",
            file,
            0,
            0)]);

    private void RaiseActivated(RuleVersionInfo info, int? previousVersion)
    {
        var handler = Activated;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new RuleActivatedEventArgs(info, previousVersion));
        }
#pragma warning disable CA1031 // A subscriber's bug must not turn a successful deployment into an error.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    private sealed class Slot
    {
        public CompiledRule? Active;
        public int LatestVersion;
        public List<RuleVersionInfo> History { get; } = [];
    }
}
