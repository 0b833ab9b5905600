namespace NMcs.Storage;

/// <summary>A refusal to store.</summary>
/// <param name="Key">Identity in the store: a second refusal with the same key updates the first.</param>
/// <param name="RecordId">The record's id when it could be read.</param>
/// <param name="SourceKind">push or file.</param>
/// <param name="SourceName">Network element id or file name.</param>
/// <param name="BatchId">The batch.</param>
/// <param name="Position">Index in the batch or line / record number in the file.</param>
/// <param name="Field">The field at fault.</param>
/// <param name="Reason">What is wrong and how to fix it.</param>
/// <param name="Raw">The record as sent.</param>
/// <param name="Usage">The parsed record (JSON), when parsed.</param>
/// <param name="SimField">iccid, imsi or msisdn.</param>
/// <param name="SimId">The SIM identifier as sent.</param>
/// <param name="Iccid">The resolved ICCID, when known.</param>
public sealed record RejectedUsageEntry(
    string Key,
    string? RecordId,
    string SourceKind,
    string SourceName,
    string BatchId,
    long Position,
    string? Field,
    string Reason,
    string? Raw,
    string? Usage,
    string? SimField,
    string? SimId,
    string? Iccid);
