namespace NMcs.Grains;

/// <summary>The revenue effect of a candidate product version and/or tariff rule on one cycle's usage.</summary>
public sealed record WhatIfReport(
    string ProductId,
    int? CandidateVersion,
    string Period,
    string Currency,
    int Records,
    int UnratedRecords,
    decimal ActualAmount,
    decimal CandidateAmount,
    decimal Difference,
    IReadOnlyList<WhatIfAccount> Accounts,
    string? CandidateRule = null);
