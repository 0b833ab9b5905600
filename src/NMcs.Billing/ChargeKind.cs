namespace NMcs.Billing;

/// <summary>The kind of charge an invoice line carries.</summary>
public enum ChargeKind
{
    /// <summary>Recurring charge (RC): a fee for each billing period.</summary>
    RecurringCharge,

    /// <summary>One-time charge (OC), e.g. activation.</summary>
    OneTimeCharge,

    /// <summary>Usage charge (UC) from rated usage records.</summary>
    UsageCharge,

    /// <summary>A discount of the product on chosen charges (negative).</summary>
    Discount,

    /// <summary>A cap's credit for the spend above the maximum (negative).</summary>
    Cap,

    /// <summary>A commitment's true-up to the minimum spend.</summary>
    Commitment,

    /// <summary>Volume-tier true-up at cycle end: the cycle's total priced at the tier it reached, less what real-time rating charged.</summary>
    VolumeTrueUp,

    /// <summary>Usage of an earlier, already invoiced period that arrived late: an adjustment line naming its period.</summary>
    LateUsage,
}
