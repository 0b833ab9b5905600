namespace NMcs.Storage;

/// <summary>
/// One batch as reconciled: a pushed request, a file (possibly handed over in several parts) or a reprocessing run.
/// Received = rated + duplicate + rejected + suspended.
/// </summary>
/// <param name="BatchId">The batch id.</param>
/// <param name="SourceKind">push, file or reprocess.</param>
/// <param name="SourceName">Network element id (push), file name (file), or what was reprocessed.</param>
/// <param name="ReceivedAt">Platform time the batch (its first part) arrived.</param>
/// <param name="UpdatedAt">Platform time of its last part.</param>
/// <param name="Received">Records received.</param>
/// <param name="Rated">Records rated and committed to the ledger.</param>
/// <param name="Duplicate">Records whose id was accepted before; not charged again.</param>
/// <param name="Rejected">Records refused (each is in the reject store).</param>
/// <param name="Suspended">Records accepted but waiting for a working tariff rule; rated later, counted here once.</param>
public sealed record IngestBatch(
    string BatchId,
    string SourceKind,
    string SourceName,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    long Received,
    long Rated,
    long Duplicate,
    long Rejected,
    long Suspended);
