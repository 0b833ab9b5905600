namespace NMcs.Abstractions.Contracts;

/// <summary>
/// A validated usage record on its way to rating, SIM already resolved to its ICCID. <c>ServiceType</c> is the
/// service code (DATA, SMS, VOICE or a product's custom service such as METER); for custom services
/// <c>BaseUnitKnown</c> is false and the product's unit table converts <c>Quantity</c>/<c>Unit</c> at rating time.
/// </summary>
[GenerateSerializer, Immutable, Alias("nmcs.UsageRecordIn")]
public sealed record UsageRecordIn(
    [property: Id(0)] int Index,
    [property: Id(1)] string RecordId,
    [property: Id(2)] string Iccid,
    [property: Id(3)] string ServiceType,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] string Unit,
    [property: Id(6)] decimal BaseQuantity,
    [property: Id(7)] DateTimeOffset OccurredAt,
    [property: Id(8)] double? DurationSeconds = null,
    [property: Id(9)] string? Destination = null,
    [property: Id(10)] string? VisitedNetwork = null,
    [property: Id(11)] bool BaseUnitKnown = true);
