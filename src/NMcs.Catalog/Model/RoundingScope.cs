namespace NMcs.Catalog.Model;

/// <summary>Where a usage charge rounds money to the currency's minor unit.</summary>
public enum RoundingScope
{
    /// <summary>Price the record's billable quantity exactly, round the record's amount once.</summary>
    Record,

    /// <summary>Round the price of each increment (first interval, each next interval) before adding them up.</summary>
    Increment,
}
