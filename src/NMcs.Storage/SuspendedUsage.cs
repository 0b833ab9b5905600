namespace NMcs.Storage;

/// <summary>A usage record accepted but not rated because its tariff rule failed; re-rated when the rule is fixed.</summary>
public sealed record SuspendedUsage(string RecordId, string AccountId, string Iccid, string RuleName, string Reason, string Record, DateTimeOffset SuspendedAt);
