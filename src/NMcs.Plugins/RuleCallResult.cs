using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>How one guarded call of a rule ended.</summary>
public enum RuleCallStatus
{
    /// <summary>The rule returned a valid output.</summary>
    Succeeded,

    /// <summary>The rule threw an exception.</summary>
    Threw,

    /// <summary>The rule ran longer than its time budget; the call was abandoned and its result will be ignored.</summary>
    BudgetExceeded,

    /// <summary>The rule returned null, a negative amount or no explanation.</summary>
    InvalidOutput,

    /// <summary>The host's input factory threw or returned null; the rule was not called (a host fault, not the rule's).</summary>
    InputFailed,
}

/// <summary>
/// The outcome of one guarded rule call. Never an exception: a failed call carries the reason, and the caller sends
/// the record to the suspended-rating store with it.
/// </summary>
/// <param name="Status">How the call ended.</param>
/// <param name="Output">The rule's output when <see cref="Status"/> is <see cref="RuleCallStatus.Succeeded"/>, else null.</param>
/// <param name="FailureReason">Why the call failed (e.g. "time budget exceeded: ..."), else null.</param>
/// <param name="RuleName">Name of the rule that was called.</param>
/// <param name="RuleVersion">Version of the rule that was called (0 for an undeployed candidate).</param>
public readonly record struct RuleCallResult(
    RuleCallStatus Status,
    RuleOutput? Output,
    string? FailureReason,
    string RuleName,
    int RuleVersion)
{
    /// <summary>True when the rule returned a valid output.</summary>
    public bool Succeeded => Status == RuleCallStatus.Succeeded && Output is not null;
}

/// <summary>Counters of a <see cref="RuleRunner"/> since it was created, for metrics.</summary>
/// <param name="Calls">Rule calls asked for (each record of a batch counts once, including those whose input failed).</param>
/// <param name="Succeeded">Calls that returned a valid output.</param>
/// <param name="Threw">Calls where the rule threw.</param>
/// <param name="InvalidOutput">Calls that returned null, a negative amount or no explanation.</param>
/// <param name="BudgetExceeded">Calls abandoned because they overran their time budget.</param>
/// <param name="AbandonedWorkersRunning">
/// Worker threads still running abandoned rule code right now. Non-zero for long means a rule loops forever: that
/// thread burns CPU and pins its rule's load context until the process restarts.
/// </param>
/// <param name="InputFailed">Calls not made because the host's input factory threw or returned null.</param>
public readonly record struct RuleRunnerStats(
    long Calls,
    long Succeeded,
    long Threw,
    long InvalidOutput,
    long BudgetExceeded,
    int AbandonedWorkersRunning,
    long InputFailed);

/// <summary>Settings of a <see cref="RuleRunner"/>.</summary>
public sealed class RuleRunnerOptions
{
    /// <summary>Time budget of one rule call in production rating. Default 50 ms.</summary>
    public TimeSpan CallBudget { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Time budget at deploy for the constructor, the <c>Samples</c> getter and the first (cold, JIT-compiling) run of
    /// each sample. Default 5 s. Each sample is then run again under <see cref="CallBudget"/>.
    /// </summary>
    public TimeSpan DeployBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where production calls run: <see cref="RuleIsolation.Inline"/> (default) on the caller's thread, stopped by the
    /// compiled-in budget checkpoints; <see cref="RuleIsolation.WorkerThread"/> on dedicated worker threads, abandoned
    /// when they overrun (one hand-off per batch).
    /// </summary>
    public RuleIsolation Isolation { get; init; } = RuleIsolation.Inline;

    /// <summary>Idle worker threads kept for reuse. Default twice the processor count.</summary>
    public int MaxIdleWorkers { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);
}
