namespace NMcs.Storage;

/// <summary>A usage record ingestion refused, as kept in the reject store.</summary>
/// <param name="Id">Reject id, increasing in the order rejects were first stored.</param>
/// <param name="RecordId">The record's id when it could be read.</param>
/// <param name="SourceKind">push, file (or reprocess).</param>
/// <param name="SourceName">Network element id (push), file name (file).</param>
/// <param name="BatchId">The batch it was last refused in.</param>
/// <param name="Position">0-based index in a pushed batch; line or record number in a file.</param>
/// <param name="Field">The field at fault.</param>
/// <param name="Reason">What is wrong and how to fix it (of the last attempt).</param>
/// <param name="Raw">The record as the source sent it.</param>
/// <param name="Usage">The parsed record (pipeline JSON) when it could be parsed.</param>
/// <param name="SimField">iccid, imsi or msisdn: how the record named its SIM.</param>
/// <param name="SimId">The SIM identifier as sent.</param>
/// <param name="Iccid">The SIM's ICCID when the identifier resolved to a registered SIM.</param>
/// <param name="Status">Open, reprocessed or still rejected.</param>
/// <param name="TimesSeen">How often it was refused (re-sent batches count again).</param>
/// <param name="FirstSeenAt">Platform time it was first refused.</param>
/// <param name="LastSeenAt">Platform time it was last refused.</param>
/// <param name="ReprocessedAt">Platform time of the last reprocessing.</param>
/// <param name="ReprocessBatchId">The reprocessing batch of the last attempt.</param>
/// <param name="Outcome">After a successful reprocessing: rated, duplicate or suspended.</param>
public sealed record RejectedUsage(
    long Id,
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
    string? Iccid,
    RejectStatus Status,
    long TimesSeen,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? ReprocessedAt,
    string? ReprocessBatchId,
    string? Outcome);
