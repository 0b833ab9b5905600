namespace NMcs.Plugins;

/// <summary>Where a <see cref="RuleRunner"/> runs rule calls.</summary>
public enum RuleIsolation
{
    /// <summary>
    /// On the caller's thread. The compiled-in checkpoints (<see cref="RuleBudget"/>) stop a call at its deadline;
    /// nothing keeps running after an overrun. No hand-off cost.
    /// </summary>
    Inline,

    /// <summary>
    /// On a dedicated worker thread, one hand-off per batch; an overrunning call is abandoned and its thread runs on
    /// until the rule returns (or forever).
    /// </summary>
    WorkerThread,
}
