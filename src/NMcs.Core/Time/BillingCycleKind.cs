namespace NMcs.Time;

/// <summary>How long a payer's billing periods are.</summary>
public enum BillingCycleKind
{
    /// <summary>One month, starting on a bill-cycle day (1–28 or the last day of the month) or an anniversary day.</summary>
    Monthly,

    /// <summary>Three months: calendar quarters (January, April, July, October 1) or from an anniversary date.</summary>
    Quarterly,

    /// <summary>Twelve months: calendar years (January 1) or from an anniversary date.</summary>
    Annual,

    /// <summary>Seven days, starting on a given ISO weekday.</summary>
    Weekly,
}
