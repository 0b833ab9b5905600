namespace NMcs.Abstractions.Contracts;

/// <summary>Usage records of one payer account's SIMs, as the ingestion front hands them to the account's rating partition.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.AccountUsage")]
public sealed record AccountUsage(
    [property: Id(0)] string AccountId,
    [property: Id(1)] IReadOnlyList<UsageRecordIn> Records);
