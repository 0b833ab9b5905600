using Microsoft.Data.Sqlite;

namespace NMcs.Storage.Tests;

/// <summary>A fresh SQLite file in its own temp directory, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory;

    private TempDatabase()
    {
        _directory = Path.Combine(Path.GetTempPath(), "nmcs-storage-tests-" + Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(_directory, "nmcs.db");
        Database = new SqliteDatabase(FilePath);
    }

    public string FilePath { get; }

    public SqliteDatabase Database { get; private set; }

    public static async Task<TempDatabase> CreateAsync()
    {
        var temp = new TempDatabase();
        await temp.Database.EnsureSchemaAsync();
        return temp;
    }

    /// <summary>Drops pooled connections and opens the same file through a new <see cref="SqliteDatabase"/>.</summary>
    public async Task<SqliteDatabase> ReopenAsync()
    {
        SqliteConnection.ClearAllPools();
        Database = new SqliteDatabase(FilePath);
        await Database.EnsureSchemaAsync();
        return Database;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, "SELECT COUNT(*) FROM " + table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Column <paramref name="column"/> of every row <paramref name="sql"/> returns, as text.</summary>
    public async Task<List<string>> ScalarsAsync(string sql, int column = 0)
    {
        var list = new List<string>();
        await using var connection = await Database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(column));
        }

        return list;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the OS cleans temp eventually
        }
    }
}
