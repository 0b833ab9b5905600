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

    /// <summary>
    /// Subscriptions of builds that kept them in the account's state; read once at activation, moved to
    /// <c>account_subscriptions</c> and emptied. Always empty in state written by this build.
    /// </summary>
    [Id(3)] public List<SubscriptionInfo> Subscriptions { get; set; } = [];

    /// <summary>Tax jurisdiction whose rates apply to the invoices (e.g. DE); none: no tax lines.</summary>
    [Id(4)] public string? TaxJurisdiction { get; set; }

    /// <summary>The payer of a non-paying child account; null for a payer.</summary>
    [Id(5)] public string? PayerAccountId { get; set; }

    /// <summary>The payer's billing cycle in its textual form (see <c>NMcs.Time.BillingCycle</c>).</summary>
    [Id(6)] public string BillingCycle { get; set; } = "monthly";

    /// <summary>A payer's non-paying child accounts.</summary>
    [Id(7)] public List<string> ChildAccountIds { get; set; } = [];

    /// <summary>Credit limit on a cycle's usage charges, in <see cref="Currency"/>; null for none.</summary>
    [Id(8)] public decimal? CreditLimit { get; set; }

    /// <summary>Charge limits on a cycle's usage charges per SIM (ICCID), in <see cref="Currency"/>.</summary>
    [Id(9)] public Dictionary<string, decimal> SimChargeLimits { get; set; } = [];
}
