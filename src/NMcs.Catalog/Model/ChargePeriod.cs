namespace NMcs.Catalog.Model;

/// <summary>How often a recurring charge falls due.</summary>
public enum ChargePeriod
{
    /// <summary>Every week.</summary>
    Weekly,

    /// <summary>Every month.</summary>
    Monthly,

    /// <summary>Every three months.</summary>
    Quarterly,

    /// <summary>Every year.</summary>
    Annual,
}
