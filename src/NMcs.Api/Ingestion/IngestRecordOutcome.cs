using NMcs.Abstractions.Contracts;

namespace NMcs.Api.Ingestion;

/// <summary>What became of one candidate record.</summary>
/// <param name="Position">The candidate's position in its source.</param>
/// <param name="RecordId">The record id, when known.</param>
/// <param name="Status">Rated, duplicate, rejected or suspended.</param>
/// <param name="Field">For a rejection: the field at fault, as the source names it.</param>
/// <param name="Reason">For a rejection or suspension: what is wrong and how to fix it.</param>
/// <param name="Amount">For a rated record: its unrounded charge.</param>
/// <param name="Iccid">The SIM's ICCID when the record's identifier resolved.</param>
/// <param name="Line">The candidate's line, when the source gave one.</param>
public sealed record IngestRecordOutcome(
    long Position,
    string? RecordId,
    UsageOutcomeStatus Status,
    string? Field,
    string? Reason,
    decimal? Amount,
    string? Iccid,
    long? Line);
