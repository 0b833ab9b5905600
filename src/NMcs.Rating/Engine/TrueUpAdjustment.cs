namespace NMcs.Rating.Engine;

/// <summary>The cycle-end correction of a volume-tiered charge: what the cycle's total should cost against what real-time rating charged.</summary>
/// <param name="ChargeId">Usage charge id.</param>
/// <param name="CycleKey">Cycle corrected.</param>
/// <param name="Quantity">The cycle's billable base units.</param>
/// <param name="Units">The same in rate units.</param>
/// <param name="TierFrom">Lower bound (rate units) of the tier the total reached.</param>
/// <param name="TierPrice">Price per rate unit of that tier.</param>
/// <param name="CorrectAmount">Total units times the tier's price, unrounded.</param>
/// <param name="ChargedAmount">What real-time rating charged for the charge in the cycle, unrounded.</param>
/// <param name="Adjustment">CorrectAmount − ChargedAmount, unrounded: negative is a credit.</param>
/// <param name="RoundedAdjustment">The adjustment rounded by the product's rule: the invoice line.</param>
/// <param name="Steps">Human-readable calculation.</param>
public sealed record TrueUpAdjustment(
    string ChargeId,
    string CycleKey,
    decimal Quantity,
    decimal Units,
    decimal TierFrom,
    decimal TierPrice,
    decimal CorrectAmount,
    decimal ChargedAmount,
    decimal Adjustment,
    decimal RoundedAdjustment,
    IReadOnlyList<string> Steps);
