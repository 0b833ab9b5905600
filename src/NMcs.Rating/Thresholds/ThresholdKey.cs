namespace NMcs.Rating.Thresholds;

/// <summary>
/// Identifies one threshold within an account's billing cycle. A threshold is raised at most once per cycle; a
/// changed limit (another allowance quantity or credit limit) is another threshold.
/// </summary>
/// <param name="Kind">What the threshold watches.</param>
/// <param name="Owner">The SIM (ICCID) whose counter it watches; empty for the account (pooled allowances, credit limit).</param>
/// <param name="Subject">The allowance id; empty for charge limits.</param>
/// <param name="Limit">The 100 % value: the allowance's quantity in <paramref name="Unit"/>, or the limit amount.</param>
/// <param name="Unit">The allowance's unit (e.g. MB), or the currency code of a charge limit.</param>
/// <param name="Percent">Percentage of <paramref name="Limit"/> at which the threshold is crossed.</param>
public readonly record struct ThresholdKey(ThresholdKind Kind, string Owner, string Subject, decimal Limit, string Unit, decimal Percent)
{
    /// <summary>The absolute value at which the threshold is crossed, in <see cref="Unit"/>.</summary>
    public decimal Threshold => Limit * Percent / 100m;
}
