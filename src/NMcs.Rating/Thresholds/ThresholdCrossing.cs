namespace NMcs.Rating.Thresholds;

/// <summary>A threshold crossed by a rated record: the counter went from below the threshold to at or above it.</summary>
/// <param name="Key">The threshold.</param>
/// <param name="Value">The counter after the record, in the key's unit: allowance used, or usage charges of the cycle.</param>
/// <param name="CycleKey">The billing cycle, e.g. 2026-03.</param>
/// <param name="RecordId">The usage record that crossed it.</param>
/// <param name="OccurredAt">When that record's usage happened.</param>
public sealed record ThresholdCrossing(ThresholdKey Key, decimal Value, string CycleKey, string RecordId, DateTimeOffset OccurredAt)
{
    /// <summary>The SIM the threshold belongs to, or null for an account threshold.</summary>
    public string? Iccid => Key.Owner.Length == 0 ? null : Key.Owner;
}
