using System.Reflection;
using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>Who a rule version is and where it came from; enough for a host to persist and redistribute it.</summary>
/// <param name="Name">Rule name (the class name, or the class's <c>RuleName</c> constant, or the name it was deployed under).</param>
/// <param name="Version">Version number, 1, 2, ... per name; 0 for a candidate that was never deployed.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the UTF-8 source.</param>
/// <param name="DeployedAt">When it was deployed (from the registry's <see cref="TimeProvider"/>).</param>
/// <param name="FileName">File name it was submitted under.</param>
/// <param name="ClassName">Namespace-qualified name of the rule class.</param>
/// <param name="Source">The C# source.</param>
public sealed record RuleVersionInfo(
    string Name,
    int Version,
    string Sha256,
    DateTimeOffset DeployedAt,
    string FileName,
    string ClassName,
    string Source);

/// <summary>
/// One loaded version of a tariff rule: an instance of its class in its own collectible load context. Rate a whole
/// record with one instance (take it from <see cref="TariffRuleRegistry.Get"/> once per record or batch) and call
/// <see cref="Apply(RuleInput)"/> or <see cref="ApplyBatch(IReadOnlyList{RuleInput})"/>; both run under the time budget and
/// never throw for rule failures.
/// </summary>
/// <remarks>
/// When the registry replaces this version it calls <see cref="Unload"/>: calls already in flight finish first, and the
/// load context is collected once nobody references this object any more. Do not keep instances in long-lived
/// fields; a kept reference keeps the old assembly in memory.
/// </remarks>
public sealed class CompiledRule
{
    private readonly RuleLoadContext _context;
    private readonly RuleRunner _runner;
    private int _inFlight;
    private int _retired;
    private int _unloaded;

    internal CompiledRule(
        RuleVersionInfo info,
        ITariffRule instance,
        Assembly assembly,
        RuleLoadContext context,
        IReadOnlyList<RuleSample> samples,
        RuleRunner runner)
    {
        Info = info;
        Instance = instance;
        Assembly = assembly;
        _context = context;
        Samples = samples;
        _runner = runner;
    }

    /// <summary>Name, version, hash, deploy time and source of this version.</summary>
    public RuleVersionInfo Info { get; }

    /// <summary>Rule name.</summary>
    public string Name => Info.Name;

    /// <summary>Version number (0 for a candidate).</summary>
    public int Version => Info.Version;

    /// <summary>The samples the rule declared and passed at deploy (a copy taken at deploy).</summary>
    public IReadOnlyList<RuleSample> Samples { get; }

    /// <summary>True once this version was replaced or unloaded; it still rates records already handed to it.</summary>
    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    internal ITariffRule Instance { get; }

    internal Assembly Assembly { get; }

    /// <summary>Rates one record under the runner's call budget.</summary>
    public RuleCallResult Apply(RuleInput input) => _runner.Run(this, input);

    /// <summary>Rates one record under <paramref name="budget"/>.</summary>
    public RuleCallResult Apply(RuleInput input, TimeSpan budget) => _runner.Run(this, input, budget);

    /// <summary>Rates several records (in one hand-off with a worker-thread runner), each under the runner's call budget.</summary>
    public RuleCallResult[] ApplyBatch(IReadOnlyList<RuleInput> inputs) => _runner.RunBatch(this, inputs);

    /// <summary>Rates several records in one hand-off, each under <paramref name="budget"/>.</summary>
    public RuleCallResult[] ApplyBatch(IReadOnlyList<RuleInput> inputs, TimeSpan budget) => _runner.RunBatch(this, inputs, budget);

    /// <summary>
    /// Rates <paramref name="count"/> records in one batch, each under the runner's call budget. The calling thread
    /// (the worker, with a worker-thread runner) builds input i with <paramref name="input"/> right before calling the rule on it, so inputs are made on the core
    /// that reads them; that time is not charged to the rule. A throwing factory (or a null input) yields
    /// <see cref="RuleCallStatus.InputFailed"/> for that record.
    /// </summary>
    public RuleBatchResults ApplyBatch(int count, Func<int, RuleInput> input) => _runner.RunBatch(this, count, input);

    /// <summary>As <see cref="ApplyBatch(int, Func{int, RuleInput})"/>, each call under <paramref name="budget"/>.</summary>
    public RuleBatchResults ApplyBatch(int count, Func<int, RuleInput> input, TimeSpan budget) => _runner.RunBatch(this, count, input, budget);

    /// <summary>
    /// A weak reference to this version's load context, to verify that it is collected after unloading (tests,
    /// memory benchmarks). <c>IsAlive</c> turns false once nothing references the rule and a GC has run.
    /// </summary>
    public WeakReference GetLoadContextWeakReference() => new(_context);

    /// <summary>
    /// Retires this version and unloads its load context once calls in flight have finished. The registry does this
    /// when it activates a newer version; call it yourself only for candidates from
    /// <see cref="TariffRuleRegistry.BuildCandidate"/>.
    /// </summary>
    public void Unload()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0 && Volatile.Read(ref _inFlight) == 0)
        {
            UnloadNow();
        }
    }

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && IsRetired)
        {
            UnloadNow();
        }
    }

    private void UnloadNow()
    {
        if (Interlocked.Exchange(ref _unloaded, 1) == 0)
        {
            _context.Unload();
        }
    }
}
