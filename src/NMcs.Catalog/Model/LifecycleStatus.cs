namespace NMcs.Catalog.Model;

/// <summary>Where a product version is in its life. Only draft → published → retired is allowed.</summary>
public enum LifecycleStatus
{
    /// <summary>Being edited; never used for rating.</summary>
    Draft,

    /// <summary>Frozen and in force between its effective dates; edit by publishing a new version.</summary>
    Published,

    /// <summary>Withdrawn; no longer in force.</summary>
    Retired,
}
