namespace NMcs.Storage;

/// <summary>Tables of usage ingestion: one row per received batch or file (reconciliation) and the reject store.</summary>
internal static class IngestionSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        // Per batch (a push request, a file, a reprocessing run): what came in and what became of it.
        // received = rated + duplicate + rejected + suspended always holds; a collector that hands a file over in
        // several calls adds to the same row.
        """
        CREATE TABLE IF NOT EXISTS ingest_batches (
            batch_id TEXT NOT NULL PRIMARY KEY,
            source_kind TEXT NOT NULL,
            source_name TEXT NOT NULL,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            received BIGINT NOT NULL,
            rated BIGINT NOT NULL,
            duplicate BIGINT NOT NULL,
            rejected BIGINT NOT NULL,
            suspended BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_ingest_batches_received ON ingest_batches (received_at)",
        "CREATE INDEX IF NOT EXISTS ix_ingest_batches_source ON ingest_batches (source_name, received_at)",
        // Every record ingestion refused, once per reject_key (the record id when the record has a usable one,
        // else source + position + a hash of the raw text), so a re-sent batch does not store its rejects again.
        // raw is the record as the source sent it; usage is the parsed record (JSON) when it could be parsed, so
        // it can be run through the pipeline again once the cause is fixed.
        """
        CREATE TABLE IF NOT EXISTS rejected_usage (
            reject_id BIGINT NOT NULL PRIMARY KEY,
            reject_key TEXT NOT NULL UNIQUE,
            record_id TEXT NULL,
            source_kind TEXT NOT NULL,
            source_name TEXT NOT NULL,
            batch_id TEXT NOT NULL,
            position BIGINT NOT NULL,
            field TEXT NULL,
            reason TEXT NOT NULL,
            raw TEXT NULL,
            usage TEXT NULL,
            sim_field TEXT NULL,
            sim_id TEXT NULL,
            iccid TEXT NULL,
            status TEXT NOT NULL,
            times_seen BIGINT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            reprocessed_at TEXT NULL,
            reprocess_batch_id TEXT NULL,
            outcome TEXT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_rejected_usage_source ON rejected_usage (source_name, status)",
        "CREATE INDEX IF NOT EXISTS ix_rejected_usage_status ON rejected_usage (status)",
        "CREATE INDEX IF NOT EXISTS ix_rejected_usage_sim ON rejected_usage (sim_id)",
        "CREATE INDEX IF NOT EXISTS ix_rejected_usage_iccid ON rejected_usage (iccid)",
    ];
}
