namespace NMcs.Api.Resources;

/// <summary>The answer for one data row of a SIM import.</summary>
/// <param name="Row">Line number in the file (the header is line 1).</param>
/// <param name="Iccid">The row's ICCID as written.</param>
/// <param name="Outcome">Accepted, unchanged or refused.</param>
/// <param name="Msisdn">The SIM's MSISDN (taken from the pool when the column was empty); null when refused before one was known.</param>
/// <param name="Code">Why it was refused (e.g. <c>INVALID_ICCID</c>); null otherwise.</param>
/// <param name="Field">The column at fault; null otherwise.</param>
/// <param name="Message">What is wrong and how to fix it; null otherwise.</param>
public sealed record SimImportRow(int Row, string Iccid, SimImportOutcome Outcome, string? Msisdn, string? Code, string? Field, string? Message);
