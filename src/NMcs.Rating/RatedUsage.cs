namespace NMcs.Rating;

/// <summary>
/// The price of one usage record and how it was reached: units in the rate unit, the part covered by the allowance,
/// the billable rest, and the amount before and after rounding. Kept with the record for invoices and disputes.
/// </summary>
/// <param name="RecordId">Usage record id.</param>
/// <param name="ProductId">Product the record was rated with.</param>
/// <param name="ProductVersion">Product version in force.</param>
/// <param name="RateUnit">Unit the price is quoted in.</param>
/// <param name="Units">Record quantity in rate units.</param>
/// <param name="IncludedUnits">Units covered by the allowance.</param>
/// <param name="BillableUnits">Units charged.</param>
/// <param name="PricePerUnit">Price per rate unit.</param>
/// <param name="Amount">Billable units times price, unrounded.</param>
/// <param name="RoundedAmount">Amount rounded half-up at the currency's minor unit (informational; invoices round per line).</param>
/// <param name="Currency">Currency code.</param>
/// <param name="Steps">Human-readable calculation steps.</param>
public sealed record RatedUsage(
    string RecordId,
    string ProductId,
    int ProductVersion,
    string RateUnit,
    decimal Units,
    decimal IncludedUnits,
    decimal BillableUnits,
    decimal PricePerUnit,
    decimal Amount,
    decimal RoundedAmount,
    string Currency,
    string Steps);
