namespace NMcs.Storage.Resources;

/// <summary>Tables of the resource inventory (MSISDN pools, APNs, fixed-IP pools) and the audit trail.</summary>
internal static class ResourceSchema
{
    /// <summary>CREATE statements, each idempotent; run in order after the core tables.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        // Append-only: rows are inserted by AuditTrail and never updated or deleted. id comes from the counters table
        // in the writer's transaction (no dialect-specific auto-increment), detail is free text or JSON.
        """
        CREATE TABLE IF NOT EXISTS audit_log (
            id BIGINT NOT NULL PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity_type TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            detail TEXT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_audit_log_entity ON audit_log (entity_type, entity_id, id)",
        "CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor, id)",
        "CREATE INDEX IF NOT EXISTS ix_audit_log_at ON audit_log (at)",
        // customer_id is '' for a pool shared by all customers.
        """
        CREATE TABLE IF NOT EXISTS msisdn_pools (
            name TEXT NOT NULL PRIMARY KEY,
            customer_id TEXT NOT NULL,
            created_at TEXT NOT NULL)
        """,
        // Every number of a pool is a row (ranges are bounded per call); an MSISDN belongs to one pool only.
        // status: free, reserved (owner, optional expires_at) or assigned (iccid of the SIM that carries it).
        // A reservation whose expires_at has passed counts as free and is freed by the next change to its pool.
        """
        CREATE TABLE IF NOT EXISTS msisdn_numbers (
            msisdn TEXT NOT NULL PRIMARY KEY,
            pool TEXT NOT NULL,
            status TEXT NOT NULL,
            owner TEXT NULL,
            iccid TEXT NULL,
            expires_at TEXT NULL,
            changed_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_msisdn_numbers_pool ON msisdn_numbers (pool, status, msisdn)",
        """
        CREATE TABLE IF NOT EXISTS apns (
            name TEXT NOT NULL PRIMARY KEY,
            apn_type TEXT NOT NULL,
            created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS apn_customers (
            apn TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            PRIMARY KEY (apn, customer_id))
        """,
        // first_key/last_key: the pool's usable addresses as 32-digit hex (128-bit, IPv4 in the low 32 bits), so
        // text order is address order. size is the count of usable addresses as decimal text (up to 2^128).
        """
        CREATE TABLE IF NOT EXISTS ip_pools (
            name TEXT NOT NULL PRIMARY KEY,
            family INTEGER NOT NULL,
            cidr TEXT NOT NULL,
            first_key TEXT NOT NULL,
            last_key TEXT NOT NULL,
            size TEXT NOT NULL,
            apn TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            created_at TEXT NOT NULL)
        """,
        // Only addresses in use have a row (IPv6 pools are never materialised); releasing deletes the row.
        // status: reserved (owner, optional expires_at) or assigned (owner and/or iccid).
        """
        CREATE TABLE IF NOT EXISTS ip_addresses (
            pool TEXT NOT NULL,
            address_key TEXT NOT NULL,
            address TEXT NOT NULL,
            status TEXT NOT NULL,
            owner TEXT NULL,
            iccid TEXT NULL,
            expires_at TEXT NULL,
            changed_at TEXT NOT NULL,
            PRIMARY KEY (pool, address_key))
        """,
    ];
}
