namespace NMcs.Billing;

/// <summary>A named fixed amount: a recurring or one-time charge of a product.</summary>
/// <param name="Name">Name printed on the invoice line.</param>
/// <param name="Amount">Amount in the product currency, unrounded.</param>
/// <param name="ChargeId">Catalog charge id, which discounts, commitments and caps refer to.</param>
/// <param name="TaxCategory">Tax category of the charge; none: not taxed.</param>
public sealed record Fee(string Name, decimal Amount, string ChargeId = "", string? TaxCategory = null);
