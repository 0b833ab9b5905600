using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.State;

/// <summary>Persistent state of <see cref="SimGrain"/>.</summary>
[GenerateSerializer, Alias("nmcs.SimState")]
public sealed class SimState
{
    /// <summary>IMSI.</summary>
    [Id(0)] public string Imsi { get; set; } = string.Empty;

    /// <summary>MSISDN.</summary>
    [Id(1)] public string Msisdn { get; set; } = string.Empty;

    /// <summary>Lifecycle status.</summary>
    [Id(2)] public SimStatus Status { get; set; }

    /// <summary>Customer the SIM is assigned to.</summary>
    [Id(3)] public string? CustomerId { get; set; }

    /// <summary>Current subscription.</summary>
    [Id(4)] public SubscriptionInfo? Subscription { get; set; }

    /// <summary>Time zone of the paying account, copied at activation to cut usage into periods.</summary>
    [Id(5)] public string AccountTimeZone { get; set; } = "UTC";

    /// <summary>The account the SIM's subscriptions belong to (the customer's payer when none was named).</summary>
    [Id(6)] public string? AccountId { get; set; }

    /// <summary>Earlier subscriptions of this SIM (before plan changes), oldest first; late usage is rated by them.</summary>
    [Id(7)] public List<SubscriptionInfo> History { get; set; } = [];

    /// <summary>The access point name assigned by an order.</summary>
    [Id(8)] public string? Apn { get; set; }

    /// <summary>The fixed IP address assigned by an order.</summary>
    [Id(9)] public string? FixedIp { get; set; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    [Id(10)] public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>The order that last changed the SIM.</summary>
    [Id(11)] public string? LastOrderId { get; set; }

    /// <summary>Keys (order id/item id) of the order items applied most recently, so an item resumed after a crash is not applied twice.</summary>
    [Id(12)] public List<string> AppliedOrderItems { get; set; } = [];

    /// <summary>Data used in TEST_READY, in bytes.</summary>
    [Id(13)] public decimal TestDataBytes { get; set; }

    /// <summary>SMS used in TEST_READY.</summary>
    [Id(14)] public decimal TestSms { get; set; }

    /// <summary>Voice seconds used in TEST_READY.</summary>
    [Id(15)] public decimal TestVoiceSeconds { get; set; }

    /// <summary>Ids of the usage records counted against the test quota (a repeated record is a duplicate).</summary>
    [Id(16)] public List<string> TestRecordIds { get; set; } = [];

    /// <summary>The SIM this one replaced in a SIM swap.</summary>
    [Id(17)] public string? SwappedFromIccid { get; set; }

    /// <summary>The SIM that replaced this one in a SIM swap.</summary>
    [Id(18)] public string? SwappedToIccid { get; set; }

    /// <summary>When the swap took effect.</summary>
    [Id(19)] public DateTimeOffset? SwappedAt { get; set; }

    /// <summary>The product to activate a TEST_READY SIM on when its quota is used (NMcs:Sim:AfterTest=Activated).</summary>
    [Id(20)] public string? TestProductId { get; set; }

    /// <summary>The version of <see cref="TestProductId"/>; the one in force when null.</summary>
    [Id(21)] public int? TestProductVersion { get; set; }

    /// <summary>When the test quota was used up (the automatic order is then submitted).</summary>
    [Id(22)] public DateTimeOffset? TestQuotaUsedAt { get; set; }
}
