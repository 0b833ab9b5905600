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

    [Fact]
    public async Task The_writers_connection_has_its_own_cache_and_checkpoint_settings_over_the_common_ones()
    {
        using var temp = await TempDatabase.CreateAsync();
        await using var writer = await temp.Database.OpenWriterAsync();

        // cache_size is negative when given in KiB: 8,192 KiB = 8 MB, whatever the page size.
        Assert.Equal(-8192L, await ScalarAsync(writer, "PRAGMA cache_size"));
        Assert.Equal(16384L, await ScalarAsync(writer, "PRAGMA wal_autocheckpoint"));
        Assert.Equal(2L, await ScalarAsync(writer, "PRAGMA temp_store")); // MEMORY
        Assert.Equal(1L, await ScalarAsync(writer, "PRAGMA synchronous")); // NORMAL
        Assert.Equal("wal", await ScalarAsync(writer, "PRAGMA journal_mode"));

        // A reader keeps SQLite's default cache (-2000: about 2 MB).
        await using var reader = await temp.Database.OpenAsync();
        Assert.Equal(-2000L, await ScalarAsync(reader, "PRAGMA cache_size"));
    }

    [Fact]
    public async Task The_writers_connection_does_not_go_back_to_the_pool_for_a_reader_to_get()
    {
        using var temp = await TempDatabase.CreateAsync();
        var writer = await temp.Database.OpenWriterAsync();
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)writer).Handle!;
        await writer.DisposeAsync();

        // Closed, the writer's native connection is gone: every reader opened after it has the common settings only.
        Assert.True(handle.IsInvalid || handle.IsClosed);
        for (var i = 0; i < 3; i++)
        {
            await using var reader = await temp.Database.OpenAsync();
            Assert.Equal(-2000L, await ScalarAsync(reader, "PRAGMA cache_size"));
            Assert.Equal(1000L, await ScalarAsync(reader, "PRAGMA wal_autocheckpoint"));
        }
    }

    [Fact]
    public async Task A_new_store_has_the_builds_page_size_and_an_existing_one_keeps_its_own()
    {
        using var temp = await TempDatabase.CreateAsync();
        await using (var connection = await temp.Database.OpenAsync())
        {
            Assert.Equal((long)SqliteDatabase.PageSize, await ScalarAsync(connection, "PRAGMA page_size"));
        }

        // A store created with SQLite's default pages (a build before this one) opens with them and takes writes.
        var path = Path.Combine(Path.GetTempPath(), "nmcs-page-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await old.OpenAsync();
                await ScalarAsync(old, "PRAGMA page_size=4096");
                await ScalarAsync(old, "PRAGMA journal_mode=WAL");
                await ScalarAsync(old, "CREATE TABLE before (x INTEGER)");
            }

            var database = new SqliteDatabase(path);
            await database.EnsureSchemaAsync();
            var ledger = new UsageLedger(database);
            Assert.Empty(await ledger.AppendAsync([Rows.Row("r1")]));
            await using var connection = await database.OpenAsync();
            Assert.Equal(4096L, await ScalarAsync(connection, "PRAGMA page_size"));
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM rated_usage"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = NMcsDatabase.Command(connection, null, sql);
        return await command.ExecuteScalarAsync();
    }
}
