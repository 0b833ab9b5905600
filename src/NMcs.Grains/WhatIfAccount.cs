namespace NMcs.Grains;

/// <summary>The effect on one payer account.</summary>
public sealed record WhatIfAccount(
    string AccountId,
    string? CustomerId,
    int Records,
    int UnratedRecords,
    decimal ActualAmount,
    decimal CandidateAmount,
    decimal Difference);
