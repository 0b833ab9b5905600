namespace NMcs.Billing;

/// <summary>Unbilled rated usage of one SIM and one catalog usage charge, summed before rounding.</summary>
/// <param name="Iccid">SIM.</param>
/// <param name="ChargeId">Catalog usage charge id.</param>
/// <param name="Name">Charge name printed on the line, e.g. "DATA usage".</param>
/// <param name="RateUnit">Rate unit of the units.</param>
/// <param name="Records">Number of rated records summed.</param>
/// <param name="BillableUnits">Sum of billable units.</param>
/// <param name="Amount">Sum of unrounded amounts.</param>
/// <param name="TaxCategory">Tax category of the charge; none: not taxed.</param>
/// <param name="AccountId">The account (invoice section) of the SIM.</param>
/// <param name="LatePeriod">For usage of an earlier, already invoiced period: that period's key; the line is a late-usage adjustment.</param>
public sealed record UsageTotal(string Iccid, string ChargeId, string Name, string RateUnit, int Records, decimal BillableUnits, decimal Amount, string? TaxCategory = null, string AccountId = "", string? LatePeriod = null);
