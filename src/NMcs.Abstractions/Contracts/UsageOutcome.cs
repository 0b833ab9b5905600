namespace NMcs.Abstractions.Contracts;

/// <summary>The answer for one record of a batch, by its index in the batch.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.UsageOutcome")]
public sealed record UsageOutcome(
    [property: Id(0)] int Index,
    [property: Id(1)] string? RecordId,
    [property: Id(2)] UsageOutcomeStatus Status,
    [property: Id(3)] string? Field,
    [property: Id(4)] string? Reason,
    [property: Id(5)] decimal? Amount)
{
    /// <summary>A rejection naming the field and the fix.</summary>
    public static UsageOutcome Rejected(int index, string? recordId, string? field, string reason) =>
        new(index, recordId, UsageOutcomeStatus.Rejected, field, reason, null);
}
