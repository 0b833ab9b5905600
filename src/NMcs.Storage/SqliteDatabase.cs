using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace NMcs.Storage;

/// <summary>
/// The embedded default: one SQLite file in write-ahead-log mode. <c>synchronous=NORMAL</c> in WAL mode keeps every
/// committed transaction across a process crash (<c>kill -9</c>); set <see cref="FullSync"/> to also survive power
/// loss at the cost of an fsync per commit.
/// </summary>
public sealed class SqliteDatabase : NMcsDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    // Native connections whose per-connection PRAGMAs have run (weak: a handle the pool closes drops out).
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();

    /// <summary>Uses (and creates) the database file at <paramref name="path"/>.</summary>
    public SqliteDatabase(string path, bool fullSync = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = Path.GetFullPath(path);
        FullSync = fullSync;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(fullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
    }

    /// <summary>Absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>True when every commit is fsynced.</summary>
    public bool FullSync { get; }

    /// <inheritdoc />
    public override string Dialect => "sqlite";

    /// <inheritdoc />
    protected override string BinaryType => "BLOB";

    /// <inheritdoc />
    protected override string ClusteredTableSuffix => " WITHOUT ROWID";

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // The settings belong to the native connection, which the pool keeps open between uses: set them once.
        if (!_configured.TryGetValue(connection.Handle!, out _))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(connection.Handle!, Configured);
        }

        return connection;
    }
}
