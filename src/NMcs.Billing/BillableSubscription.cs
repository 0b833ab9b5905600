using NMcs.Catalog;

namespace NMcs.Billing;

/// <summary>A subscription as the bill run sees it.</summary>
/// <param name="Iccid">SIM the subscription is on.</param>
/// <param name="Product">Product version the subscription was activated on.</param>
/// <param name="ActivatedAt">Activation instant.</param>
public sealed record BillableSubscription(string Iccid, Product Product, DateTimeOffset ActivatedAt);
