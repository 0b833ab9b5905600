using System.Collections;
using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>
/// The outcomes of one batch of rule calls (<see cref="CompiledRule.ApplyBatch(int, Func{int, RuleInput})"/>), in
/// record order. Read <see cref="Amount"/> and <see cref="Explanation"/> on the rating path: the worker copied them
/// out of each <see cref="RuleOutput"/> into one array, so reading them does not fetch every output object from the
/// worker's core. The indexer gives the full <see cref="RuleCallResult"/> of a record.
/// </summary>
public sealed class RuleBatchResults : IReadOnlyList<RuleCallResult>
{
    private readonly RuleSlot[] _slots;

    internal RuleBatchResults(RuleSlot[] slots, string ruleName, int ruleVersion)
    {
        _slots = slots;
        RuleName = ruleName;
        RuleVersion = ruleVersion;
    }

    /// <summary>Name of the rule that was called.</summary>
    public string RuleName { get; }

    /// <summary>Version of the rule that was called (0 for an undeployed candidate).</summary>
    public int RuleVersion { get; }

    /// <summary>Number of records in the batch.</summary>
    public int Count => _slots.Length;

    /// <summary>The outcome of record <paramref name="index"/>.</summary>
    public RuleCallResult this[int index]
    {
        get
        {
            var slot = _slots[index];
            return slot.Status == RuleCallStatus.Succeeded
                ? new RuleCallResult(RuleCallStatus.Succeeded, slot.Output, null, RuleName, RuleVersion)
                : new RuleCallResult(slot.Status, null, slot.Text, RuleName, RuleVersion);
        }
    }

    /// <summary>How the call for record <paramref name="index"/> ended.</summary>
    public RuleCallStatus Status(int index) => _slots[index].Status;

    /// <summary>True when the rule returned a valid output for record <paramref name="index"/>.</summary>
    public bool Succeeded(int index) => _slots[index].Status == RuleCallStatus.Succeeded;

    /// <summary>The amount the rule returned for record <paramref name="index"/> (unrounded); 0 when the call failed.</summary>
    public decimal Amount(int index) => _slots[index].Amount;

    /// <summary>The rule's explanation for record <paramref name="index"/>; null when the call failed.</summary>
    public string? Explanation(int index) => Succeeded(index) ? _slots[index].Text : null;

    /// <summary>Why the call for record <paramref name="index"/> failed; null when it succeeded.</summary>
    public string? FailureReason(int index) => Succeeded(index) ? null : _slots[index].Text;

    /// <inheritdoc/>
    public IEnumerator<RuleCallResult> GetEnumerator()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
