using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.State;

/// <summary>Persistent state of <see cref="AccountGrain"/>.</summary>
[GenerateSerializer, Alias("nmcs.AccountState")]
public sealed class AccountState
{
    /// <summary>Owning customer.</summary>
    [Id(0)] public string CustomerId { get; set; } = string.Empty;

    /// <summary>ISO 4217 billing currency.</summary>
    [Id(1)] public string Currency { get; set; } = string.Empty;

    /// <summary>IANA time zone.</summary>
    [Id(2)] public string TimeZone { get; set; } = string.Empty;

    /// <summary>Subscriptions billed to this account.</summary>
    [Id(3)] public List<SubscriptionInfo> Subscriptions { get; set; } = [];

    /// <summary>Tax jurisdiction whose rates apply to the invoices (e.g. DE); none: no tax lines.</summary>
    [Id(4)] public string? TaxJurisdiction { get; set; }
}
