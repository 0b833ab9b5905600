namespace NMcs.Catalog.Model;

/// <summary>What a recurring charge costs for the days its subscription is suspended.</summary>
public enum SuspensionPolicy
{
    /// <summary>The full price, as if the subscription were active (the default).</summary>
    Charge,

    /// <summary>Nothing for suspended days.</summary>
    Free,

    /// <summary>The charge's <see cref="RecurringCharge.SuspendedPrice"/> instead of its price.</summary>
    Reduced,
}
