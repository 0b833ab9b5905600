namespace NMcs.Storage;

/// <summary>
/// Records whose rating failed inside a tariff rule plugin (it threw, overran its time budget or returned an invalid
/// amount). They are accepted — never lost, never charged twice — and wait here with the reason until a fixed rule
/// version is deployed, which re-rates them.
/// </summary>
public sealed class SuspendedUsageStore(NMcsDatabase database)
{
    /// <summary>Stores suspended records; a record id already suspended is kept as it is.</summary>
    public async Task AddAsync(IReadOnlyList<SuspendedUsage> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var record in records)
        {
            await using var insert = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO suspended_usage (record_id, account_id, iccid, rule_name, reason, record, suspended_at) VALUES (@id, @account, @iccid, @rule, @reason, @record, @at) ON CONFLICT (record_id) DO NOTHING",
                ("@id", record.RecordId),
                ("@account", record.AccountId),
                ("@iccid", record.Iccid),
                ("@rule", record.RuleName),
                ("@reason", record.Reason),
                ("@record", record.Record),
                ("@at", DbValues.Time(record.SuspendedAt)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Which of <paramref name="recordIds"/> are suspended.</summary>
    public Task<HashSet<string>> FindExistingAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken = default) =>
        database.FindExistingAsync("suspended_usage", "record_id", recordIds, cancellationToken);

    /// <summary>Suspended records, optionally only those of one rule, oldest first.</summary>
    public async Task<IReadOnlyList<SuspendedUsage>> ListAsync(string? ruleName = null, int limit = 1_000, CancellationToken cancellationToken = default)
    {
        var list = new List<SuspendedUsage>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT record_id, account_id, iccid, rule_name, reason, record, suspended_at FROM suspended_usage WHERE (@rule IS NULL OR rule_name = @rule) ORDER BY suspended_at, record_id LIMIT @limit",
            ("@rule", ruleName),
            ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SuspendedUsage(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), DbValues.Time(reader.GetString(6))));
        }

        return list;
    }

    /// <summary>Removes records that are now rated (or found to be duplicates).</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var id in recordIds)
        {
            await using var delete = NMcsDatabase.Command(connection, transaction, "DELETE FROM suspended_usage WHERE record_id = @id", ("@id", id));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
