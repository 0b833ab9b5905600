namespace NMcs.Catalog.Model;

/// <summary>Whether prices already contain the tax.</summary>
public enum TaxTreatment
{
    /// <summary>Tax is added on top of the price.</summary>
    Exclusive,

    /// <summary>The price contains the tax; the net is price / (1 + rate).</summary>
    Inclusive,
}
