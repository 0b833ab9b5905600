namespace NMcs.Grains.Receivables;

/// <summary>What revenue is summed by.</summary>
public enum RevenueGrouping
{
    /// <summary>The customer owning the invoice's payer account.</summary>
    Customer,

    /// <summary>The product of each invoice line's SIM subscription.</summary>
    Product,

    /// <summary>The billing month of the invoice (<c>YYYY-MM</c>).</summary>
    Period,
}
