namespace NMcs.Rating.Engine;

/// <summary>What a counter counts.</summary>
public enum CounterKind
{
    /// <summary>Base units of an allowance used in the cycle.</summary>
    AllowanceUsed,

    /// <summary>Billable base units of a tiered or block usage charge in the cycle.</summary>
    ChargeQuantity,
}
