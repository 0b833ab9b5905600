namespace NMcs.Abstractions.Contracts;

/// <summary>What a SIM swap hands from the old SIM to the new one: the MSISDN, the assignment, the subscription and the network settings.</summary>
/// <param name="FromIccid">The SIM being replaced.</param>
/// <param name="Imsi">The new SIM's IMSI.</param>
/// <param name="Msisdn">The MSISDN, kept across the swap.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="AccountId">The account the subscription belongs to.</param>
/// <param name="AccountTimeZone">The account's time zone.</param>
/// <param name="Subscription">The subscription, now carrying the new ICCID.</param>
/// <param name="Status">ACTIVATED or DEACTIVATED, as the old SIM was.</param>
/// <param name="Apn">The access point name.</param>
/// <param name="FixedIp">The fixed IP address.</param>
/// <param name="At">The swap instant: usage from then on is the new SIM's.</param>
/// <param name="History">Earlier subscriptions (plan changes), now carrying the new ICCID.</param>
[GenerateSerializer, Immutable, Alias("nmcs.SimSwapTransfer")]
public sealed record SimSwapTransfer(
    [property: Id(0)] string FromIccid,
    [property: Id(1)] string Imsi,
    [property: Id(2)] string Msisdn,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string AccountId,
    [property: Id(5)] string AccountTimeZone,
    [property: Id(6)] SubscriptionInfo Subscription,
    [property: Id(7)] SimStatus Status,
    [property: Id(8)] string? Apn,
    [property: Id(9)] string? FixedIp,
    [property: Id(10)] DateTimeOffset At,
    [property: Id(11)] IReadOnlyList<SubscriptionInfo> History);
