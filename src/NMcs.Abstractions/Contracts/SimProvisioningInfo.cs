namespace NMcs.Abstractions.Contracts;

/// <summary>
/// What the portals show of a SIM besides <see cref="SimInfo"/>: network settings, the test quota, when its state
/// last changed and by which order, and the SIM it was swapped from or to.
/// </summary>
/// <param name="Iccid">The SIM.</param>
/// <param name="Apn">The access point name assigned by an order.</param>
/// <param name="FixedIp">The fixed IP address assigned by an order.</param>
/// <param name="StatusChangedAt">When the lifecycle state last changed.</param>
/// <param name="LastOrderId">The order that last changed the SIM.</param>
/// <param name="TestDataBytes">Data used in TEST_READY, in bytes.</param>
/// <param name="TestSms">SMS used in TEST_READY.</param>
/// <param name="TestVoiceSeconds">Voice seconds used in TEST_READY.</param>
/// <param name="SwappedFromIccid">The SIM this one replaced.</param>
/// <param name="SwappedToIccid">The SIM that replaced this one.</param>
/// <param name="SwappedAt">When the swap took effect.</param>
/// <param name="TestProductId">The product a TEST_READY SIM is activated on when its quota is used (if configured so).</param>
[GenerateSerializer, Immutable, Alias("nmcs.SimProvisioningInfo")]
public sealed record SimProvisioningInfo(
    [property: Id(0)] string Iccid,
    [property: Id(1)] string? Apn,
    [property: Id(2)] string? FixedIp,
    [property: Id(3)] DateTimeOffset? StatusChangedAt,
    [property: Id(4)] string? LastOrderId,
    [property: Id(5)] decimal TestDataBytes,
    [property: Id(6)] decimal TestSms,
    [property: Id(7)] decimal TestVoiceSeconds,
    [property: Id(8)] string? SwappedFromIccid,
    [property: Id(9)] string? SwappedToIccid,
    [property: Id(10)] DateTimeOffset? SwappedAt,
    [property: Id(11)] string? TestProductId);
