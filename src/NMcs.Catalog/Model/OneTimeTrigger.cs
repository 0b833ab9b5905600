namespace NMcs.Catalog.Model;

/// <summary>The order event that raises a one-time charge.</summary>
public enum OneTimeTrigger
{
    /// <summary>A subscription is activated.</summary>
    Activation,

    /// <summary>A SIM is swapped for another.</summary>
    SimSwap,

    /// <summary>A subscription moves to another product.</summary>
    PlanChange,

    /// <summary>A subscription is terminated.</summary>
    Termination,
}
