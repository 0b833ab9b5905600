namespace NMcs.Rating.Thresholds;

/// <summary>What a threshold watches.</summary>
public enum ThresholdKind
{
    /// <summary>Use of an allowance in the cycle: per SIM, or per account for a pooled allowance.</summary>
    AllowanceUsage,

    /// <summary>The account's usage charges in the cycle against its credit limit.</summary>
    CreditLimit,

    /// <summary>One SIM's usage charges in the cycle against the charge limit set for that SIM.</summary>
    SimChargeLimit,
}
