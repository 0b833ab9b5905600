using NMcs.Billing.Recurring;
using NMcs.Catalog.Model;

namespace NMcs.Billing;

/// <summary>What one subscription brings to an invoice, worked out by the bill run for the period being closed.</summary>
/// <param name="Iccid">The SIM.</param>
/// <param name="ProductName">Product name printed on lines.</param>
/// <param name="Currency">Product currency; must be the payer's.</param>
/// <param name="Recurring">Recurring-charge segments (and corrections of earlier invoices) this invoice carries.</param>
/// <param name="OneTimeFees">One-time charges whose trigger (activation, plan change, termination) fell in the period.</param>
/// <param name="CycleNumber">Which billing cycle of the subscription this is (1 = the cycle of activation), for discounts.</param>
/// <param name="Discounts">The product's discounts.</param>
/// <param name="Commitments">The product's minimum commitments.</param>
/// <param name="Caps">The product's caps.</param>
/// <param name="AccountId">The account the subscription belongs to: the invoice section it is printed in.</param>
/// <param name="RecurringCycles">
/// Per entry of <paramref name="Recurring"/>: which cycle of the subscription the segment's days belong to and when
/// that cycle starts, so a discount for N cycles or a date range applies to the fees of those cycles only (a fee
/// billed in advance belongs to the next cycle). Missing: <paramref name="CycleNumber"/> and the period start.
/// </param>
public sealed record BillableSubscription(
    string Iccid,
    string ProductName,
    Currency Currency,
    IReadOnlyList<RecurringChargeSegment> Recurring,
    IReadOnlyList<Fee> OneTimeFees,
    int CycleNumber = 1,
    IReadOnlyList<Discount>? Discounts = null,
    IReadOnlyList<Commitment>? Commitments = null,
    IReadOnlyList<Cap>? Caps = null,
    string AccountId = "",
    IReadOnlyList<(int Cycle, DateTimeOffset Start)>? RecurringCycles = null);
