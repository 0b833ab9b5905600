namespace NMcs.Billing.Rendering;

/// <summary>
/// The rated usage of one SIM and one service on the invoice, traceable to the rated records it sums: their count
/// and, when known, the first and last rated-record id in the ledger's order.
/// </summary>
/// <param name="Iccid">SIM.</param>
/// <param name="Service">Service or usage charge name, e.g. "DATA usage".</param>
/// <param name="Records">Number of rated records summed.</param>
/// <param name="FirstRecordId">Lowest rated-record id summed, or null when not known.</param>
/// <param name="LastRecordId">Highest rated-record id summed, or null when not known.</param>
/// <param name="Quantity">Sum of billable units.</param>
/// <param name="Unit">Rate unit of the quantity.</param>
/// <param name="Amount">Amount charged, rounded to the minor unit.</param>
public sealed record SimUsageDetail(
    string Iccid,
    string Service,
    int Records,
    string? FirstRecordId,
    string? LastRecordId,
    decimal Quantity,
    string Unit,
    decimal Amount);
