using System.Data.Common;

namespace NMcs.Storage;

/// <summary>
/// Reconciliation of ingestion: per batch, how many records came in and what became of them. A collector that hands a
/// file over in parts records each part under the file's batch id and the counts add up.
/// </summary>
public sealed class IngestBatchStore(NMcsDatabase database)
{
    private const string Columns = "batch_id, source_kind, source_name, received_at, updated_at, received, rated, duplicate, rejected, suspended";

    /// <summary>
    /// Adds one part's counts to its batch, creating the batch on its first part. Written through the store's group
    /// commit (one per ingest request would otherwise take the write lock away from the ledger's writer).
    /// </summary>
    public Task RecordAsync(string batchId, string sourceKind, string sourceName, long rated, long duplicate, long rejected, long suspended, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.WriteGroupedAsync(
            async group =>
            {
                var upsert = await group.CommandAsync(
                    """
                    INSERT INTO ingest_batches (batch_id, source_kind, source_name, received_at, updated_at, received, rated, duplicate, rejected, suspended)
                    VALUES (@id, @kind, @name, @at, @at, @received, @rated, @duplicate, @rejected, @suspended)
                    ON CONFLICT (batch_id) DO UPDATE SET
                        updated_at = @at,
                        received = ingest_batches.received + @received,
                        rated = ingest_batches.rated + @rated,
                        duplicate = ingest_batches.duplicate + @duplicate,
                        rejected = ingest_batches.rejected + @rejected,
                        suspended = ingest_batches.suspended + @suspended
                    """,
                    ("@id", batchId),
                    ("@kind", sourceKind),
                    ("@name", sourceName),
                    ("@at", DbValues.Time(now)),
                    ("@received", rated + duplicate + rejected + suspended),
                    ("@rated", rated),
                    ("@duplicate", duplicate),
                    ("@rejected", rejected),
                    ("@suspended", suspended));
                return await upsert.ExecuteNonQueryAsync();
            },
            cancellationToken);

    /// <summary>One batch, or null.</summary>
    public async Task<IngestBatch?> FindAsync(string batchId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, "WHERE batch_id = @id", [("@id", batchId)], cancellationToken)).FirstOrDefault();
    }

    /// <summary>Batches received in [<paramref name="from"/>, <paramref name="to"/>), optionally of one source, oldest first; page with <paramref name="after"/> (a batch id).</summary>
    public async Task<IReadOnlyList<IngestBatch>> ListAsync(string? sourceName, DateTimeOffset? from, DateTimeOffset? to, int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        string? afterAt = null;
        if (after is not null)
        {
            var anchor = (await ReadAsync(connection, "WHERE batch_id = @id", [("@id", after)], cancellationToken)).FirstOrDefault();
            if (anchor is null)
            {
                return [];
            }

            afterAt = DbValues.Time(anchor.ReceivedAt);
        }

        return await ReadAsync(
            connection,
            """
            WHERE (@name IS NULL OR source_name = @name) AND received_at >= @from AND received_at < @to
              AND (@afterAt IS NULL OR received_at > @afterAt OR (received_at = @afterAt AND batch_id > @after))
            ORDER BY received_at, batch_id LIMIT @limit
            """,
            [("@name", sourceName), .. Range(from, to), ("@afterAt", afterAt), ("@after", after ?? string.Empty), ("@limit", limit)],
            cancellationToken);
    }

    /// <summary>Totals per source of the batches received in [<paramref name="from"/>, <paramref name="to"/>), optionally of one source.</summary>
    public async Task<IReadOnlyList<IngestTotals>> TotalsAsync(string? sourceName, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            """
            SELECT source_kind, source_name, COUNT(*), SUM(received), SUM(rated), SUM(duplicate), SUM(rejected), SUM(suspended)
            FROM ingest_batches
            WHERE (@name IS NULL OR source_name = @name) AND received_at >= @from AND received_at < @to
            GROUP BY source_kind, source_name
            ORDER BY source_kind, source_name
            """,
            [("@name", sourceName), .. Range(from, to)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<IngestTotals>();
        while (await reader.ReadAsync(cancellationToken))
        {
            totals.Add(new IngestTotals(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return totals;
    }

    private static (string Name, object? Value)[] Range(DateTimeOffset? from, DateTimeOffset? to) =>
    [
        ("@from", from is { } start ? DbValues.Time(start) : string.Empty),
        // Stored times start with a digit; "~" sorts after every one of them.
        ("@to", to is { } end ? DbValues.Time(end) : "~"),
    ];

    private static async Task<List<IngestBatch>> ReadAsync(DbConnection connection, string tail, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, null, $"SELECT {Columns} FROM ingest_batches " + tail, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<IngestBatch>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IngestBatch(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DbValues.Time(reader.GetString(3)),
                DbValues.Time(reader.GetString(4)),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetInt64(9)));
        }

        return list;
    }
}
