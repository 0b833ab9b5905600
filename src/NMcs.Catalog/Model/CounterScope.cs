namespace NMcs.Catalog.Model;

/// <summary>Whose cumulative quantity moves a tiered usage charge through its tiers.</summary>
public enum CounterScope
{
    /// <summary>Each subscription (SIM, meter) climbs its own tiers.</summary>
    Subscription,

    /// <summary>All subscriptions of the paying account climb the tiers together.</summary>
    Account,
}
