namespace NMcs.Catalog.Model;

/// <summary>How an amount is rounded to the rounding rule's decimals.</summary>
public enum RoundingMode
{
    /// <summary>Half away from zero (0.125 → 0.13), the invoice convention and the default.</summary>
    HalfUp,

    /// <summary>Half to even, banker's rounding (0.125 → 0.12).</summary>
    HalfEven,

    /// <summary>Always away from zero (0.121 → 0.13).</summary>
    Up,

    /// <summary>Always towards zero (0.129 → 0.12).</summary>
    Down,
}
