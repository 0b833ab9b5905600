namespace NMcs.Catalog.Model;

/// <summary>Who shares an allowance.</summary>
public enum AllowanceScope
{
    /// <summary>Each subscription has its own included quantity.</summary>
    Subscription,

    /// <summary>One included quantity per account, consumed by all of the account's subscriptions of the product.</summary>
    Pooled,
}
