namespace NMcs.Storage.Tests;

public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task A_connection_reused_from_the_pool_keeps_its_settings()
    {
        using var temp = await TempDatabase.CreateAsync();

        // Open and return connections several times: the PRAGMAs run once per native connection, so a pooled one
        // must still have them when it is handed out again.
        for (var i = 0; i < 5; i++)
        {
            await using var connection = await temp.Database.OpenAsync();
            Assert.Equal(30000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous")); // NORMAL
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        }
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = NMcsDatabase.Command(connection, null, sql);
        return await command.ExecuteScalarAsync();
    }
}
