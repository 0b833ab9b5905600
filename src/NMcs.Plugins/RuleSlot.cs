using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>
/// One call's outcome as the rule worker stores it. The amount and explanation are copied out of the output, so the
/// caller reads them from the results array it streams through instead of from the output object the worker
/// allocated (a cache miss on another core per record).
/// </summary>
/// <param name="Status">How the call ended.</param>
/// <param name="Amount">The output's amount when it succeeded, else 0.</param>
/// <param name="Text">The output's explanation when it succeeded, else the failure reason.</param>
/// <param name="Output">The output when it succeeded, else null.</param>
internal readonly record struct RuleSlot(RuleCallStatus Status, decimal Amount, string? Text, RuleOutput? Output)
{
    public static RuleSlot Failed(RuleCallStatus status, string reason) => new(status, 0m, reason, null);
}
