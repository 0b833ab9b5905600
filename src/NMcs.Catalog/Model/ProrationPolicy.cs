namespace NMcs.Catalog.Model;

/// <summary>How a recurring charge is charged for a part period (activation or termination mid-period).</summary>
public enum ProrationPolicy
{
    /// <summary>The whole period's price, however short the part.</summary>
    None,

    /// <summary>The price times the part's days over the period's days.</summary>
    Daily,
}
