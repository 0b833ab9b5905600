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
}
