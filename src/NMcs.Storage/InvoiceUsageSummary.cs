namespace NMcs.Storage;

/// <summary>The rated records of one SIM, service and rate unit that an invoice billed.</summary>
/// <param name="Iccid">SIM.</param>
/// <param name="Service">Service type, e.g. <c>DATA</c>.</param>
/// <param name="RateUnit">Unit of <paramref name="BillableUnits"/>, e.g. <c>MB</c>.</param>
/// <param name="Records">Number of rated records.</param>
/// <param name="FirstRecordId">Lowest record id (ordinal).</param>
/// <param name="LastRecordId">Highest record id (ordinal).</param>
/// <param name="BillableUnits">Sum of billable units (after allowances).</param>
/// <param name="Amount">Sum of the records' unrounded amounts.</param>
public sealed record InvoiceUsageSummary(
    string Iccid,
    string Service,
    string RateUnit,
    int Records,
    string FirstRecordId,
    string LastRecordId,
    decimal BillableUnits,
    decimal Amount);
