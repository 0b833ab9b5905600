using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// Remembers how far the test clock was moved, so a restarted test host resumes at that time instead of going
/// back to its configured start (billing periods that closed stay closed).
/// </summary>
public sealed class TestClockStore(NMcsDatabase database)
{
    private const string Counter = "test_clock_unix_ms";

    /// <summary>Records the test clock's time.</summary>
    public async Task SaveAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "INSERT INTO counters (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = @value",
            ("@name", Counter),
            ("@value", now.ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last recorded test clock time, or null.</summary>
    public async Task<DateTimeOffset?> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT value FROM counters WHERE name = @name", ("@name", Counter));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }
}
