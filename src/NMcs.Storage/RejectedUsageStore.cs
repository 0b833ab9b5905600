using System.Data.Common;
using System.Globalization;
using System.Text;

namespace NMcs.Storage;

/// <summary>
/// The reject store: every usage record ingestion refused, with where it came from, the field and reason, and the raw
/// record, so operations can list, fix the cause (register the SIM, publish a product version) and reprocess. A record
/// refused again with the same key (re-sent batch, re-read file) updates its row instead of adding one.
/// </summary>
public sealed class RejectedUsageStore(NMcsDatabase database)
{
    private const string IdCounter = "rejected_usage_id";

    private const string Columns =
        "reject_id, record_id, source_kind, source_name, batch_id, position, field, reason, raw, usage, sim_field, sim_id, iccid, status, times_seen, first_seen_at, last_seen_at, reprocessed_at, reprocess_batch_id, outcome";

    /// <summary>Stores refusals; returns how many were new (not refused before under the same key).</summary>
    public async Task<int> AddAsync(IReadOnlyList<RejectedUsageEntry> entries, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Ids for every entry are taken up front; those that turn out to update an existing row leave gaps (ids
        // only order rejects and page through them).
        await using (var bump = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, @n) ON CONFLICT (name) DO UPDATE SET value = counters.value + @n",
            ("@name", IdCounter),
            ("@n", entries.Count)))
        {
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        long last;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT value FROM counters WHERE name = @name", ("@name", IdCounter)))
        {
            last = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var nextId = last - entries.Count + 1;
        var at = DbValues.Time(now);
        var added = 0;
        foreach (var entry in entries)
        {
            await using var exists = NMcsDatabase.Command(connection, transaction, "SELECT 1 FROM rejected_usage WHERE reject_key = @key", ("@key", entry.Key));
            var known = await exists.ExecuteScalarAsync(cancellationToken) is not null;
            if (!known)
            {
                added++;
            }

            await using var upsert = NMcsDatabase.Command(
                connection,
                transaction,
                """
                INSERT INTO rejected_usage (reject_id, reject_key, record_id, source_kind, source_name, batch_id, position, field, reason, raw, usage, sim_field, sim_id, iccid, status, times_seen, first_seen_at, last_seen_at, reprocessed_at, reprocess_batch_id, outcome)
                VALUES (@id, @key, @record, @kind, @name, @batch, @position, @field, @reason, @raw, @usage, @simField, @simId, @iccid, 'open', 1, @at, @at, NULL, NULL, NULL)
                ON CONFLICT (reject_key) DO UPDATE SET
                    times_seen = rejected_usage.times_seen + 1, last_seen_at = @at, batch_id = @batch, position = @position,
                    field = @field, reason = @reason, iccid = COALESCE(@iccid, rejected_usage.iccid)
                """,
                ("@id", nextId++),
                ("@key", entry.Key),
                ("@record", entry.RecordId),
                ("@kind", entry.SourceKind),
                ("@name", entry.SourceName),
                ("@batch", entry.BatchId),
                ("@position", entry.Position),
                ("@field", entry.Field),
                ("@reason", entry.Reason),
                ("@raw", entry.Raw),
                ("@usage", entry.Usage),
                ("@simField", entry.SimField),
                ("@simId", entry.SimId),
                ("@iccid", entry.Iccid),
                ("@at", at));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Rejects matching <paramref name="filter"/> with an id above <paramref name="after"/>, by id.</summary>
    public async Task<IReadOnlyList<RejectedUsage>> ListAsync(RejectFilter filter, int limit, long? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(
            connection,
            """
            WHERE reject_id > @after
              AND (@name IS NULL OR source_name = @name)
              AND (@kind IS NULL OR source_kind = @kind)
              AND (@status IS NULL OR status = @status)
              AND (@batch IS NULL OR batch_id = @batch)
              AND (@sim IS NULL OR sim_id = @sim OR iccid = @sim)
              AND (@reason IS NULL OR LOWER(reason) LIKE @reason ESCAPE '\')
            ORDER BY reject_id LIMIT @limit
            """,
            [
                ("@after", after ?? 0L),
                ("@name", filter.SourceName),
                ("@kind", filter.SourceKind),
                ("@status", filter.Status is { } status ? StatusText(status) : null),
                ("@batch", filter.BatchId),
                ("@sim", filter.SimId),
                ("@reason", filter.ReasonContains is { Length: > 0 } text ? "%" + EscapeLike(text.ToLowerInvariant()) + "%" : null),
                ("@limit", limit),
            ],
            cancellationToken);
    }

    /// <summary>Rejects of a source not (successfully) reprocessed yet — open or still rejected — by id.</summary>
    public async Task<IReadOnlyList<RejectedUsage>> PendingAsync(string sourceName, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(
            connection,
            "WHERE source_name = @name AND status <> 'reprocessed' ORDER BY reject_id LIMIT @limit",
            [("@name", sourceName), ("@limit", limit)],
            cancellationToken);
    }

    /// <summary>The rejects with these ids (unknown ids are left out), by id.</summary>
    public async Task<IReadOnlyList<RejectedUsage>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<RejectedUsage>();
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var names = chunk.Select((_, i) => "@r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            found.AddRange(await ReadAsync(
                connection,
                $"WHERE reject_id IN ({string.Join(",", names)})",
                chunk.Select((id, i) => (names[i], (object?)id)).ToArray(),
                cancellationToken));
        }

        return found.OrderBy(r => r.Id).ToList();
    }

    /// <summary>Records what reprocessing did; each row keeps its last attempt.</summary>
    public async Task ResolveAsync(IReadOnlyList<RejectResolution> resolutions, string reprocessBatchId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolutions);
        if (resolutions.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var resolution in resolutions)
        {
            await using var update = NMcsDatabase.Command(
                connection,
                transaction,
                """
                UPDATE rejected_usage SET status = @status, outcome = @outcome, reprocessed_at = @at, reprocess_batch_id = @batch,
                    field = COALESCE(@field, field), reason = COALESCE(@reason, reason), iccid = COALESCE(@iccid, iccid)
                WHERE reject_id = @id
                """,
                ("@id", resolution.Id),
                ("@status", StatusText(resolution.Accepted ? RejectStatus.Reprocessed : RejectStatus.StillRejected)),
                ("@outcome", resolution.Outcome),
                ("@at", DbValues.Time(now)),
                ("@batch", reprocessBatchId),
                ("@field", resolution.Accepted ? null : resolution.Field),
                ("@reason", resolution.Accepted ? null : resolution.Reason),
                ("@iccid", resolution.Iccid));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The stored spelling of a status.</summary>
    public static string StatusText(RejectStatus status) => status switch
    {
        RejectStatus.Open => "open",
        RejectStatus.Reprocessed => "reprocessed",
        _ => "still-rejected",
    };

    private static RejectStatus ParseStatus(string text) => text switch
    {
        "open" => RejectStatus.Open,
        "reprocessed" => RejectStatus.Reprocessed,
        _ => RejectStatus.StillRejected,
    };

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static async Task<List<RejectedUsage>> ReadAsync(DbConnection connection, string tail, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, null, $"SELECT {Columns} FROM rejected_usage " + tail, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<RejectedUsage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new RejectedUsage(
                reader.GetInt64(0),
                Text(reader, 1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                Text(reader, 6),
                reader.GetString(7),
                Text(reader, 8),
                Text(reader, 9),
                Text(reader, 10),
                Text(reader, 11),
                Text(reader, 12),
                ParseStatus(reader.GetString(13)),
                reader.GetInt64(14),
                DbValues.Time(reader.GetString(15)),
                DbValues.Time(reader.GetString(16)),
                Text(reader, 17) is { } reprocessedAt ? DbValues.Time(reprocessedAt) : null,
                Text(reader, 18),
                Text(reader, 19)));
        }

        return list;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
