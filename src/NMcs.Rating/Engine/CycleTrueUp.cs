using NMcs.Catalog.Model;

namespace NMcs.Rating.Engine;

/// <summary>
/// Volume tiers price every unit of a cycle at the tier the cycle's total reaches, which is known only at cycle end.
/// Real-time rating charges each record at the tier reached so far; at cycle end this pure function recomputes the
/// cycle at the final tier and returns the difference as an adjustment (usually a credit, as later tiers are cheaper).
/// </summary>
public static class CycleTrueUp
{
    /// <summary>
    /// The adjustment of volume charge <paramref name="chargeId"/> for a cycle with <paramref name="quantity"/>
    /// billable base units (the charge's <see cref="CounterKind.ChargeQuantity"/> counter at cycle end) for which
    /// real-time rating charged <paramref name="chargedAmount"/> (sum of the parts' unrounded amounts).
    /// </summary>
    public static TrueUpAdjustment VolumeCharge(ProductOffering product, string chargeId, string cycleKey, decimal quantity, decimal chargedAmount)
    {
        ArgumentNullException.ThrowIfNull(product);
        var charge = product.FindUsageCharge(chargeId);
        if (charge is not { Model: ChargeModel.Volume })
        {
            throw new DomainException(
                "NOT_A_VOLUME_CHARGE",
                "chargeId",
                $"{chargeId} is not a volume usage charge of product {product.Id} version {product.Version}; only volume tiers are trued up.");
        }

        var plan = new ChargePlan(product, charge);
        var reached = Array.Find(plan.Tiers, t => t.Holds(quantity))!;
        var price = reached.Tier.Price!.Value;
        var units = quantity / plan.UnitSize;
        var correct = quantity * price / plan.UnitSize;
        var adjustment = correct - chargedAmount;
        var rounded = product.Rounding.Round(adjustment, product.Currency);
        var tierText = $"{CalculationSteps.N(reached.Tier.From)}–{(reached.Tier.To is { } to ? CalculationSteps.N(to) : "∞")}";
        return new TrueUpAdjustment(
            chargeId,
            cycleKey,
            quantity,
            units,
            reached.Tier.From,
            price,
            correct,
            chargedAmount,
            adjustment,
            rounded,
            [
                $"cycle {cycleKey} total {CalculationSteps.N(units)} {charge.RateUnit} is in tier {tierText} at {CalculationSteps.N(price)}",
                $"{CalculationSteps.N(units)} × {CalculationSteps.N(price)} = {CalculationSteps.N(correct)}; charged in real time {CalculationSteps.N(chargedAmount)}",
                $"adjustment {CalculationSteps.N(adjustment)}, rounded {CalculationSteps.N(rounded)} {product.Currency.Code}",
            ]);
    }

    /// <summary>
    /// The adjustments of every volume charge of <paramref name="product"/> for the cycle of
    /// <paramref name="counters"/> (counters at cycle end, same owner as the charge's counter scope), given what
    /// real-time rating charged per charge id. Charges with no usage and no charge are left out.
    /// </summary>
    public static IReadOnlyList<TrueUpAdjustment> ForCycle(ProductOffering product, RatingCounters counters, IReadOnlyDictionary<string, decimal> chargedAmounts)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(chargedAmounts);
        var adjustments = new List<TrueUpAdjustment>();
        foreach (var charge in product.UsageCharges.Where(c => c.Model == ChargeModel.Volume))
        {
            var quantity = counters.ChargeQuantity.GetValueOrDefault(charge.Id);
            var charged = chargedAmounts.GetValueOrDefault(charge.Id);
            if (quantity != 0 || charged != 0)
            {
                adjustments.Add(VolumeCharge(product, charge.Id, counters.CycleKey, quantity, charged));
            }
        }

        return adjustments;
    }
}
