namespace NMcs.Rating.Thresholds;

/// <summary>
/// Platform-wide threshold settings: the allowance percentages used when a catalog allowance lists none of its own
/// (<c>notifyAtPercent</c> left out), and the warning percentage of credit and SIM charge limits (100 % always counts).
/// </summary>
public sealed record ThresholdPolicy
{
    /// <summary>80 % and 100 % of every allowance; a warning at 80 % of every charge limit.</summary>
    public static ThresholdPolicy Default { get; } = new();

    /// <summary>Percentages of an allowance's quantity, each above 0 and at most 100; empty for none.</summary>
    public IReadOnlyList<decimal> AllowancePercents { get; init; } = [80m, 100m];

    /// <summary>Warning percentage of a credit or SIM charge limit, above 0 and below 100.</summary>
    public decimal ChargeWarningPercent { get; init; } = 80m;
}
