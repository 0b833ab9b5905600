namespace NMcs.Api.Resources;

/// <summary>One data row of a SIM import file, its values by column (empty when absent).</summary>
/// <param name="Line">Line number in the file (the header is line 1).</param>
/// <param name="Iccid">iccid column.</param>
/// <param name="Imsi">imsi column.</param>
/// <param name="Msisdn">msisdn column; empty to take one from the pool.</param>
/// <param name="CustomerId">customerId column; empty to leave the SIM in inventory.</param>
/// <param name="AccountId">accountId column; empty for the customer's payer account.</param>
public sealed record SimCsvRow(int Line, string Iccid, string Imsi, string Msisdn, string CustomerId, string AccountId);
