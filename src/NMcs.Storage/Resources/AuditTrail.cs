using System.Data.Common;

namespace NMcs.Storage.Resources;

/// <summary>
/// The append-only audit trail (<c>audit_log</c>): who changed what and when. Stores that change resources append in
/// their own transaction through <see cref="AppendAsync(DbConnection, DbTransaction, string, string, string, string, string?, CancellationToken)"/>,
/// so a change and its audit row commit together or not at all. Rows are never updated or deleted.
/// </summary>
public sealed class AuditTrail(NMcsDatabase database, TimeProvider clock)
{
    /// <summary>The actor written when a request names none (no authentication exists yet).</summary>
    public const string AnonymousActor = "anonymous";

    /// <summary>The longest actor name kept; longer names are refused.</summary>
    public const int MaxActorLength = 200;

    private const string IdCounter = "audit_log_id";

    private const string Columns = "id, at, actor, action, entity_type, entity_id, detail";

    /// <summary>The platform clock the trail stamps rows with.</summary>
    public TimeProvider Clock => clock;

    /// <summary>Appends one row in a transaction of its own and returns it.</summary>
    public async Task<AuditEntry> AppendAsync(string actor, string action, string entityType, string entityId, string? detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var entry = await AppendAsync(connection, transaction, actor, action, entityType, entityId, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// Appends one row inside the caller's transaction: it is kept exactly when the caller commits. The id comes from
    /// the <c>counters</c> table in the same transaction, so ids have no gaps and follow commit order.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(DbConnection connection, DbTransaction transaction, string actor, string action, string entityType, string entityId, string? detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentNullException.ThrowIfNull(entityId);
        actor = NormaliseActor(actor);
        await using (var bump = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO counters (name, value) VALUES (@name, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
            ("@name", IdCounter)))
        {
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        long id;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT value FROM counters WHERE name = @name", ("@name", IdCounter)))
        {
            id = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var at = clock.GetUtcNow();
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            $"INSERT INTO audit_log ({Columns}) VALUES (@id, @at, @actor, @action, @type, @entity, @detail)",
            ("@id", id),
            ("@at", DbValues.Time(at)),
            ("@actor", actor),
            ("@action", action),
            ("@type", entityType),
            ("@entity", entityId),
            ("@detail", detail)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return new AuditEntry(id, DbValues.Time(DbValues.Time(at)), actor, action, entityType, entityId, detail);
    }

    /// <summary>
    /// Rows matching <paramref name="query"/> in id order, at most <paramref name="first"/>, after the row with id
    /// <paramref name="after"/> (the last id of the previous page; 0 for the first page).
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, int first, long after = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(first);
        // Only the criteria given become conditions: PostgreSQL cannot type a NULL parameter in "@p IS NULL".
        var conditions = new List<string> { "id > @after" };
        var parameters = new List<(string Name, object? Value)> { ("@after", after), ("@first", first) };
        void Add(string condition, string name, string? value)
        {
            if (value is not null)
            {
                conditions.Add(condition);
                parameters.Add((name, value));
            }
        }

        Add("entity_type = @type", "@type", query.EntityType);
        Add("entity_id = @entity", "@entity", query.EntityId);
        Add("actor = @actor", "@actor", query.Actor);
        Add("at >= @from", "@from", query.From is { } from ? DbValues.Time(from) : null);
        Add("at < @to", "@to", query.To is { } to ? DbValues.Time(to) : null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            $"SELECT {Columns} FROM audit_log WHERE {string.Join(" AND ", conditions)} ORDER BY id LIMIT @first",
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                DbValues.Time(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return entries;
    }

    /// <summary>The actor to record: trimmed, <see cref="AnonymousActor"/> when empty; refused when too long.</summary>
    public static string NormaliseActor(string? actor)
    {
        var trimmed = actor?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return AnonymousActor;
        }

        if (trimmed.Length > MaxActorLength)
        {
            throw new ArgumentException($"actor is longer than {MaxActorLength} characters.", nameof(actor));
        }

        return trimmed;
    }
}
