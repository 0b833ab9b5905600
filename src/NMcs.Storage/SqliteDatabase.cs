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
    private readonly string _writerConnectionString;
    private readonly string _pragmas;

    // Native connections whose per-connection PRAGMAs have run (weak: a handle the pool closes drops out).
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();

    // Checkpoints run beside the writer, not inside its commits: see OnGroupCommitted.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);
    private int _commitsSinceCheckpoint;
    private int _checkpointing;

    /// <summary>Whether the background checkpointer is running (it opens a pooled connection of its own while it does).</summary>
    internal bool Checkpointing => Volatile.Read(ref _checkpointing) == 1;

    /// <summary>
    /// Bytes per database page of a store this build creates. Larger than SQLite's default of 4,096 because the ledger
    /// is written a group of several hundred rows at a time: every page a commit changes goes to the log as a frame
    /// (its header and its page written separately, the page checksummed), so four times fewer, larger frames cost
    /// the one writer less, and so do four times fewer B-tree pages for the index steps and merges to fill. Measured
    /// at issue size: writer busy 22.3 s against 24.3 s for the same 2,000,000 records, the commits 4.3 s against
    /// 5.7–6.5 s (docs/benchmarks.md). 65,536 was slower again: the merges of index runs cost more per entry.
    /// </summary>
    public const int PageSize = 16_384;

    /// <summary>Uses (and creates) the database file at <paramref name="path"/>.</summary>
    public SqliteDatabase(string path, bool fullSync = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Multi-thread unless the process chose before this (the host does, from NMcs:SqliteThreading).
        SqliteThreading.Choose(SqliteThreadingMode.MultiThread);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = Path.GetFullPath(path);
        FullSync = fullSync;
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        _connectionString = connection.ToString();

        // The writer's connection is its own, outside the pool: closed, it is closed for good, instead of going back
        // to the pool with the writer's settings (its page cache, its checkpoint threshold) for a reader to get.
        connection.Pooling = false;
        _writerConnectionString = connection.ToString();
        // The page size only takes on a new file, before it is switched to WAL: an existing store keeps its own.
        _pragmas = $"PRAGMA page_size={PageSize}; PRAGMA journal_mode=WAL; PRAGMA synchronous={(fullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
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
    public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(_connectionString, cancellationToken);

    private async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
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

    /// <summary>
    /// Whether a connection of this store has a mutex of its own: what SQLite really does (false in multi-thread mode,
    /// true in serialized mode; see <see cref="SqliteThreading"/>), for the start-up log and tests.
    /// </summary>
    public async Task<bool> ConnectionHasMutexAsync()
    {
        await using var connection = await OpenAsync();
        return SqliteThreading.HasConnectionMutex((SqliteConnection)connection);
    }

    /// <summary>
    /// KiB of page cache the writer's connection keeps. The writer touches the ledger's tail, the right edges of its
    /// indexes and the few small tables it updates; the rows an index step reads back come from the operating
    /// system's file cache when they have left this one. 8 MB instead of 16 MB: the same records/s in the ingest
    /// benchmark (quick shape, 20,000 SIMs: 91,687 against 83,168 and 87,776 records/s at 16 MB, same hour) and
    /// 8 MB less memory held by the host whatever the fleet (docs/benchmarks.md, session 18).
    /// </summary>
    public const int WriterCacheKib = 8_192;

    /// <summary>
    /// The group-commit writer's own connection, not pooled: savepoint journals in memory, a page cache of
    /// <see cref="WriterCacheKib"/> (its cache stays valid between groups, as no other connection writes), and WAL
    /// checkpoints left to the background checkpointer (<see cref="OnGroupCommitted"/>) unless the log passes 16,384
    /// pages (256 MB at <see cref="PageSize"/>, 64 MB in a store of an earlier build with 4 KB pages).
    /// </summary>
    protected internal override async Task<DbConnection> OpenWriterAsync()
    {
        var connection = await OpenAsync(_writerConnectionString, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{WriterCacheKib}; PRAGMA wal_autocheckpoint=16384;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>
    /// Starts the background checkpointer if it is not running: every 250 ms while groups are being committed it runs a
    /// PASSIVE checkpoint on a connection of its own, copying the log into the database file on another core while the
    /// writer goes on (a PASSIVE checkpoint never blocks the writer or readers). It stops once no group was committed
    /// for an interval.
    /// </summary>
    protected internal override void OnGroupCommitted()
    {
        Interlocked.Increment(ref _commitsSinceCheckpoint);
        if (Interlocked.CompareExchange(ref _checkpointing, 1, 0) == 0)
        {
            _ = Task.Run(CheckpointLoopAsync, CancellationToken.None);
        }
    }

    private async Task CheckpointLoopAsync()
    {
        while (true)
        {
            await Task.Delay(CheckpointInterval);
            if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
            {
                Volatile.Write(ref _checkpointing, 0);

                // A commit between the exchange and the reset restarts the loop here, or in OnGroupCommitted.
                if (Volatile.Read(ref _commitsSinceCheckpoint) == 0 || Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
                {
                    return;
                }
            }

            try
            {
                await using var connection = await OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                await command.ExecuteNonQueryAsync();
            }
#pragma warning disable CA1031 // A failed checkpoint is retried next interval; the writer's own autocheckpoint is the backstop.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
