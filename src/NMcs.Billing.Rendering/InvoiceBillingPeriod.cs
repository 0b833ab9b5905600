namespace NMcs.Billing.Rendering;

/// <summary>The billing period an invoice covers, as dates in the payer's time zone.</summary>
/// <param name="From">First day of the period.</param>
/// <param name="To">Last day of the period (inclusive).</param>
/// <param name="Key">Period key as the bill run names it, e.g. <c>2025-01</c>.</param>
public sealed record InvoiceBillingPeriod(DateOnly From, DateOnly To, string Key);
