namespace NMcs.Billing;

/// <summary>A subscription as the bill run sees it: the fees of the product version it pays.</summary>
/// <param name="Iccid">SIM the subscription is on.</param>
/// <param name="ProductName">Product name printed on lines.</param>
/// <param name="Currency">Currency of the fees.</param>
/// <param name="RecurringFees">Fees charged for every monthly period the subscription is active in.</param>
/// <param name="ActivationFees">Fees charged in the period of activation.</param>
/// <param name="ActivatedAt">Activation instant.</param>
public sealed record BillableSubscription(
    string Iccid,
    string ProductName,
    Currency Currency,
    IReadOnlyList<Fee> RecurringFees,
    IReadOnlyList<Fee> ActivationFees,
    DateTimeOffset ActivatedAt);
