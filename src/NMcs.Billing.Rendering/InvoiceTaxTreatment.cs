namespace NMcs.Billing.Rendering;

/// <summary>How a tax rate relates to the line amounts it was computed on.</summary>
public enum InvoiceTaxTreatment
{
    /// <summary>The tax is added on top of the line amounts.</summary>
    Exclusive,

    /// <summary>The tax is contained in the line amounts.</summary>
    Inclusive,
}
