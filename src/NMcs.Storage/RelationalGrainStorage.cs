using System.Globalization;
using Orleans.Storage;

namespace NMcs.Storage;

/// <summary>
/// Orleans grain storage on <see cref="NMcsDatabase"/>. Each grain's state is one row keyed by (state name + grain
/// type, grain id) with an integer etag: a write carrying a stale etag changes nothing and throws
/// <see cref="InconsistentStateException"/>, so two activations of a grain can never overwrite each other.
/// </summary>
public sealed class RelationalGrainStorage(string name, NMcsDatabase database, IGrainStorageSerializer serializer, TimeProvider clock) : IGrainStorage
{
    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = await database.OpenAsync();
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT etag, payload FROM grain_state WHERE grain_type = @type AND grain_id = @id",
            ("@type", TypeKey(stateName, grainId)),
            ("@id", grainId.Key.ToString()));
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var etag = reader.GetInt64(0);
            var payload = (byte[])reader.GetValue(1);
            grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
            if (payload.Length == 0)
            {
                // Cleared: the row stays as a tombstone so its etag keeps counting up.
                grainState.State = Activator.CreateInstance<T>();
                grainState.RecordExists = false;
            }
            else
            {
                grainState.State = serializer.Deserialize<T>(new BinaryData(payload));
                grainState.RecordExists = true;
            }
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <summary>
    /// The stored states of many grains of one type with string keys, read 500 to a query without activating the
    /// grains: for a reader that needs many grains' state at once (a rating partition taking on thousands of accounts
    /// after a start). A key missing from the answer has no state (never written, or cleared). The answer is what
    /// each grain's last completed write stored; the reader must learn of later changes another way.
    /// </summary>
    public async Task<Dictionary<string, T>> ReadManyAsync<T>(string stateName, GrainType grainType, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = new List<(string Key, byte[] Payload)>();
        if (keys.Count > 0)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            NMcsDatabase.ReadForIds(
                connection,
                "SELECT grain_id, payload FROM grain_state WHERE grain_type = {1} AND grain_id IN ({0})",
                keys,
                [grainType.ToString() + "/" + stateName],
                row => rows.Add((row.ColumnText(0), row.ColumnBlob(1))),
                cancellationToken);
        }

        var states = new Dictionary<string, T>(rows.Count, StringComparer.Ordinal);
        foreach (var (key, payload) in rows)
        {
            if (payload.Length > 0 && serializer.Deserialize<T>(new BinaryData(payload)) is { } state)
            {
                states[key] = state;
            }
        }

        return states;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var now = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var type = TypeKey(stateName, grainId);
        var id = grainId.Key.ToString();
        // Grouped with the writes of other grains: one commit for all of them, each still checked against its etag.
        long newEtag;
        int changed;
        if (grainState.ETag is null)
        {
            newEtag = 1;
            changed = await database.WriteGroupedAsync(async group =>
            {
                var insert = await group.CommandAsync(
                    "INSERT INTO grain_state (grain_type, grain_id, etag, payload, updated_at) VALUES (@type, @id, 1, @payload, @now) ON CONFLICT (grain_type, grain_id) DO NOTHING",
                    ("@type", type),
                    ("@id", id),
                    ("@payload", payload),
                    ("@now", now));
                return await insert.ExecuteNonQueryAsync();
            });
        }
        else
        {
            var expected = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            newEtag = expected + 1;
            changed = await database.WriteGroupedAsync(async group =>
            {
                var update = await group.CommandAsync(
                    "UPDATE grain_state SET etag = @next, payload = @payload, updated_at = @now WHERE grain_type = @type AND grain_id = @id AND etag = @expected",
                    ("@next", newEtag),
                    ("@payload", payload),
                    ("@now", now),
                    ("@type", type),
                    ("@id", id),
                    ("@expected", expected));
                return await update.ExecuteNonQueryAsync();
            });
        }

        if (changed != 1)
        {
            throw new InconsistentStateException(
                $"Storage '{name}': state of {grainId} was changed by another writer (expected etag {grainState.ETag ?? "none"}).",
                "unknown",
                grainState.ETag ?? "none");
        }

        grainState.ETag = newEtag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        // Clearing keeps the row with an empty payload and a new etag: deleting it would restart the etag at 1
        // and let a stale activation that still holds etag 1 overwrite newer state.
        var expected = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync();
        await using var clear = NMcsDatabase.Command(
            connection,
            null,
            "UPDATE grain_state SET etag = @next, payload = @empty, updated_at = @now WHERE grain_type = @type AND grain_id = @id AND etag = @expected",
            ("@next", expected + 1),
            ("@empty", Array.Empty<byte>()),
            ("@now", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
            ("@type", TypeKey(stateName, grainId)),
            ("@id", grainId.Key.ToString()),
            ("@expected", expected));
        if (await clear.ExecuteNonQueryAsync() != 1)
        {
            throw new InconsistentStateException(
                $"Storage '{name}': state of {grainId} was changed by another writer before it could be cleared.",
                "unknown",
                grainState.ETag);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = (expected + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
    }

    private static string TypeKey(string stateName, GrainId grainId) => grainId.Type.ToString() + "/" + stateName;
}
