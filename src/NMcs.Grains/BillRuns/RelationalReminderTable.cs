using System.Globalization;
using NMcs.Storage;

namespace NMcs.Grains.BillRuns;

/// <summary>
/// Orleans reminder table in the platform's own database (the embedded SQLite file, or PostgreSQL), so reminders
/// survive restarts like every other piece of state. Rows carry the grain's uniform hash for the range reads Orleans
/// uses to share reminders out between silos, and an etag for optimistic concurrency.
/// </summary>
public sealed class RelationalReminderTable(NMcsDatabase database) : IReminderTable
{
    /// <inheritdoc />
    public Task Init() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new(await QueryAsync("WHERE grain_id = @grain", ("@grain", (object?)grainId.ToString())));

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        new(begin < end
            ? await QueryAsync("WHERE grain_hash > @begin AND grain_hash <= @end", ("@begin", (object?)(long)begin), ("@end", (long)end))
            : await QueryAsync("WHERE grain_hash > @begin OR grain_hash <= @end", ("@begin", (object?)(long)begin), ("@end", (long)end)));

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await QueryAsync("WHERE grain_id = @grain AND name = @name", ("@grain", (object?)grainId.ToString()), ("@name", reminderName))).FirstOrDefault();

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            """
            INSERT INTO reminders (grain_id, name, grain_hash, start_at, period_ms, etag) VALUES (@grain, @name, @hash, @start, @period, @etag)
            ON CONFLICT (grain_id, name) DO UPDATE SET grain_hash = @hash, start_at = @start, period_ms = @period, etag = @etag
            """,
            ("@grain", (object?)entry.GrainId.ToString()),
            ("@name", entry.ReminderName),
            ("@hash", (long)entry.GrainId.GetUniformHashCode()),
            ("@start", DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)),
            ("@period", (long)entry.Period.TotalMilliseconds),
            ("@etag", etag));
        await command.ExecuteNonQueryAsync();
        return etag;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "DELETE FROM reminders WHERE grain_id = @grain AND name = @name AND etag = @etag",
            ("@grain", (object?)grainId.ToString()),
            ("@name", reminderName),
            ("@etag", eTag));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, "DELETE FROM reminders");
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<ReminderEntry>> QueryAsync(string where, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, "SELECT grain_id, name, start_at, period_ms, etag FROM reminders " + where, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = DateTime.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return entries;
    }
}
