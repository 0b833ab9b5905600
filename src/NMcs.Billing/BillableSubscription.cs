using NMcs.Catalog.Model;

namespace NMcs.Billing;

/// <summary>A subscription as the bill run sees it: the fees and adjustments of the product version it pays.</summary>
/// <param name="Iccid">SIM the subscription is on.</param>
/// <param name="ProductName">Product name printed on lines.</param>
/// <param name="Currency">Currency of the fees.</param>
/// <param name="RecurringFees">Fees charged for every monthly period the subscription is active in.</param>
/// <param name="ActivationFees">Fees charged in the period of activation.</param>
/// <param name="ActivatedAt">Activation instant.</param>
/// <param name="CycleNumber">Which billing cycle of the subscription the period is (1 = the activation month).</param>
/// <param name="Discounts">The product's discounts.</param>
/// <param name="Commitments">The product's minimum spends.</param>
/// <param name="Caps">The product's maximums.</param>
public sealed record BillableSubscription(
    string Iccid,
    string ProductName,
    Currency Currency,
    IReadOnlyList<Fee> RecurringFees,
    IReadOnlyList<Fee> ActivationFees,
    DateTimeOffset ActivatedAt,
    int CycleNumber = 1,
    IReadOnlyList<Discount>? Discounts = null,
    IReadOnlyList<Commitment>? Commitments = null,
    IReadOnlyList<Cap>? Caps = null);
