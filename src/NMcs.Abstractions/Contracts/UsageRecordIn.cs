namespace NMcs.Abstractions.Contracts;

/// <summary>A validated usage record on its way to rating, SIM already resolved to its ICCID.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.UsageRecordIn")]
public sealed record UsageRecordIn(
    [property: Id(0)] int Index,
    [property: Id(1)] string RecordId,
    [property: Id(2)] string Iccid,
    [property: Id(3)] string ServiceType,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] string Unit,
    [property: Id(6)] decimal BaseQuantity,
    [property: Id(7)] DateTimeOffset OccurredAt);
