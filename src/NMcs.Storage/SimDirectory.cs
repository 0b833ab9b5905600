using System.Collections.Concurrent;
using System.Data.Common;

namespace NMcs.Storage;

/// <summary>
/// The SIM identifier index: ICCID, IMSI and MSISDN are each unique across the inventory, and usage records may
/// name a SIM by any of them. Resolutions are cached per silo (identifiers of a registered SIM never change here).
/// </summary>
public sealed class SimDirectory(NMcsDatabase database, TimeProvider clock)
{
    // One cache per identifier kind, keyed by the identifier itself: no key string is built per lookup, and a SIM
    // named by its ICCID costs one entry whose key and value are the same string.
    private readonly ConcurrentDictionary<string, string> _byIccid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byImsi = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byMsisdn = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers the identifiers. Returns null on success, or the name of the identifier that conflicts:
    /// "imsi"/"msisdn" when another SIM has it, "iccid" when this ICCID is registered with other identifiers.
    /// Registering the same triple again succeeds (idempotent).
    /// </summary>
    public async Task<string?> RegisterAsync(string iccid, string imsi, string msisdn, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (column, value) in new[] { ("iccid", iccid), ("imsi", imsi), ("msisdn", msisdn) })
        {
            var owner = await OwnerAsync(connection, transaction, column, value, cancellationToken);
            if (owner is not null && owner != iccid)
            {
                return column;
            }
        }

        await using (var existing = NMcsDatabase.Command(connection, transaction, "SELECT imsi, msisdn FROM sims WHERE iccid = @iccid", ("@iccid", iccid)))
        await using (var reader = await existing.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && (reader.GetString(0) != imsi || reader.GetString(1) != msisdn))
            {
                return "iccid";
            }
        }

        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO sims (iccid, imsi, msisdn, registered_at) VALUES (@iccid, @imsi, @msisdn, @at) ON CONFLICT (iccid) DO NOTHING",
            ("@iccid", iccid),
            ("@imsi", imsi),
            ("@msisdn", msisdn),
            ("@at", DbValues.Time(clock.GetUtcNow()))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// The ICCID of the SIM whose <paramref name="field"/> ("iccid", "imsi" or "msisdn") is
    /// <paramref name="identifier"/>, or null when no SIM has it. With no field, the ICCID, IMSI and MSISDN
    /// columns are tried in that order (an IMSI and an MSISDN may be the same digits on different SIMs).
    /// </summary>
    public ValueTask<string?> ResolveAsync(string identifier, string? field = null, CancellationToken cancellationToken = default)
    {
        if (field is null)
        {
            return ResolveAnyAsync(identifier, cancellationToken);
        }

        var column = Column(field);
        var cache = Cache(column);

        // The ingest path's common case answers synchronously, without a task per record.
        return cache.TryGetValue(identifier, out var cached) ? ValueTask.FromResult<string?>(cached) : LookUpAsync(cache, column, identifier, cancellationToken);
    }

    /// <summary>
    /// The directory's own instance of <paramref name="iccid"/> when it has resolved that ICCID, else the argument:
    /// what per-SIM caches elsewhere key by, so that a silo holds each active SIM's ICCID once.
    /// </summary>
    public string Canonical(string iccid) => _byIccid.TryGetValue(iccid, out var held) ? held : iccid;

    /// <summary>
    /// Looks up the identifiers of one <paramref name="field"/> ("iccid", "imsi" or "msisdn") that are not cached yet,
    /// 500 to a query, and caches the SIMs found, so that <see cref="ResolveAsync"/> answers them from memory. An
    /// ingest batch names thousands of SIMs not seen since the silo started: one query each, in sequence, made the
    /// first batches after a start take seconds. Returns the identifiers no SIM has (not cached: a SIM may be
    /// registered later).
    /// </summary>
    public async Task<IReadOnlySet<string>> PrefetchAsync(string field, IEnumerable<string> identifiers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var column = Column(field);
        var cache = Cache(column);

        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            if (!cache.ContainsKey(identifier))
            {
                missing.Add(identifier);
            }
        }

        if (missing.Count == 0)
        {
            return missing;
        }

        var found = new List<(string Identifier, string Iccid)>();
        await database.ReadForIdsAsync($"SELECT {column}, iccid FROM sims WHERE {column} IN ({{0}})", missing, row => found.Add((row.ColumnText(0), row.ColumnText(1))), cancellationToken);
        foreach (var (identifier, iccid) in found)
        {
            Remember(cache, column, identifier, iccid);
            missing.Remove(identifier);
        }

        return missing;
    }

    private async ValueTask<string?> ResolveAnyAsync(string identifier, CancellationToken cancellationToken)
    {
        foreach (var column in new[] { "iccid", "imsi", "msisdn" })
        {
            if (await ResolveAsync(identifier, column, cancellationToken) is string found)
            {
                return found;
            }
        }

        return null;
    }

    private async ValueTask<string?> LookUpAsync(ConcurrentDictionary<string, string> cache, string column, string identifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, $"SELECT iccid FROM sims WHERE {column} = @v", ("@v", identifier));
        var iccid = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (iccid is not null)
        {
            Remember(cache, column, identifier, iccid);
        }

        return iccid;
    }

    // Keyed by the ICCID it resolved to when named by ICCID, so key and value share one string.
    private static void Remember(ConcurrentDictionary<string, string> cache, string column, string identifier, string iccid) =>
        cache[column == "iccid" ? iccid : identifier] = iccid;

    // The column of a kind of identifier: the field itself once it is one of the three (so it may go into SQL).
    private static string Column(string field) => field switch
    {
        "iccid" or "imsi" or "msisdn" => field,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "field must be iccid, imsi or msisdn"),
    };

    private ConcurrentDictionary<string, string> Cache(string column) => column switch
    {
        "iccid" => _byIccid,
        "imsi" => _byImsi,
        _ => _byMsisdn,
    };

    /// <summary>ICCIDs of registered SIMs, ordered, after <paramref name="after"/>.</summary>
    public Task<IReadOnlyList<string>> ListAsync(int limit, string? after, CancellationToken cancellationToken = default) =>
        database.ListKeysAsync("sims", "iccid", limit, after, cancellationToken);

    private static async Task<string?> OwnerAsync(DbConnection connection, DbTransaction transaction, string column, string value, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, $"SELECT iccid FROM sims WHERE {Column(column)} = @v", ("@v", value));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
