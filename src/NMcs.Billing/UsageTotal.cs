namespace NMcs.Billing;

/// <summary>Unbilled rated usage of one SIM and service, summed before rounding.</summary>
/// <param name="Iccid">SIM.</param>
/// <param name="Service">Service code, e.g. DATA or METER.</param>
/// <param name="RateUnit">Rate unit of the amounts.</param>
/// <param name="Records">Number of rated records summed.</param>
/// <param name="BillableUnits">Sum of billable units.</param>
/// <param name="Amount">Sum of unrounded amounts.</param>
public sealed record UsageTotal(string Iccid, string Service, string RateUnit, int Records, decimal BillableUnits, decimal Amount);
