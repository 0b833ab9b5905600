namespace NMcs.Catalog.Model;

/// <summary>How a discount reduces the charges it applies to.</summary>
public enum DiscountKind
{
    /// <summary>A percentage of each chosen charge.</summary>
    Percentage,

    /// <summary>A fixed amount per cycle off the chosen charges together, never below zero.</summary>
    Fixed,
}
