using System.Data.Common;
using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// Group commit for the store's single writer: the one write queue of a <see cref="NMcsDatabase"/>, shared by every
/// grouped writer (usage ledger, invoices, grain state, order and subscription rows), so they never take turns at the
/// write lock. Callers enqueue work and await its own result; one writer loop takes everything queued (up to
/// <see cref="MaxGroup"/> requests and about <see cref="MaxWeight"/> rows), applies it in one write transaction on a
/// connection it keeps open (its page cache stays warm) — when a request fails, the group is applied again with a
/// SAVEPOINT per request, so the failing request rolls back alone and its caller gets the exception — commits, and
/// only then completes each caller. Requests are applied in the order queued.
/// </summary>
/// <remarks>
/// The loop runs on a thread of its own, not on the thread pool: every append of an ingest batch waits for it, so it
/// is what limits ingestion once the fleet is large. On a thread of its own its scheduling can be told apart (its CPU
/// and run-queue time in <c>/proc</c>) and it can be given a higher priority than the rating, parsing and HTTP work
/// that feeds it (<see cref="NMcsDatabase.WriterNice"/>). The thread ends once it has been idle for
/// <see cref="IdleExit"/>; the next write starts another.
/// </remarks>
internal sealed class GroupCommitWriter(NMcsDatabase database)
{
    /// <summary>Most requests committed in one transaction.</summary>
    public const int MaxGroup = 1_024;

    /// <summary>Weight (rows) after which a group takes no further request (one request is never split).</summary>
    public const int MaxWeight = 20_000;

    private readonly Queue<Pending> _queue = new();
    private bool _writing;
    private long _busyTicks;

    /// <summary>
    /// Time spent writing groups so far (from opening a group's transaction to its commit): over a stretch of wall
    /// time, how busy the store's one writer was — near 1, the writer is what limits the write rate.
    /// </summary>
    public TimeSpan Busy => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));
    private DbConnection? _connection;

    /// <summary>
    /// Queues <paramref name="apply"/>; the task completes once its group is committed (or failed), with what it
    /// returned. <paramref name="weight"/> is its share of a group (rows written); <paramref name="tally"/> counts the
    /// groups and requests of one kind of caller.
    /// </summary>
    public Task<TResult> WriteAsync<TResult>(Func<GroupTransaction, Task<TResult>> apply, int weight, GroupTally tally, CancellationToken cancellationToken)
    {
        var pending = new Pending<TResult>(apply, weight, tally);
        lock (_queue)
        {
            _queue.Enqueue(pending);
            if (!_writing)
            {
                _writing = true;
                if (_thread is null)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = "NMcs store writer" };
                    _thread.Start();
                }
                else
                {
                    Monitor.Pulse(_queue);
                }
            }
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the writer's connection when nothing is being written (a later write opens a new one): for a host that
    /// stops, so the store's file is not held open until the connection is collected.
    /// </summary>
    public async Task CloseAsync()
    {
        DbConnection? connection;
        lock (_queue)
        {
            if (_writing)
            {
                return;
            }

            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>How long the writer thread waits for more work before it ends.</summary>
    internal static TimeSpan IdleExit { get; set; } = TimeSpan.FromSeconds(5);

    private Thread? _thread;

    /// <summary>The operating system's id of the writer thread while it runs (Linux), else 0.</summary>
    internal int ThreadId { get; private set; }

    // The writer thread: writes groups while there are any, then waits for more, and ends after IdleExit without.
    private void Run()
    {
        ThreadId = WriterPriority.CurrentThreadId();
        database.WriterPriority = WriterPriority.Apply(database.WriterNice, out var refused);
        database.WriterPriorityRefused = refused;
        while (true)
        {
            // Every step of the loop completes synchronously on SQLite, so the loop stays on this thread.
            try
            {
                WriteLoopAsync().GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // The loop fails each group's callers itself; anything escaping it must not end the writer with work queued.
            catch (Exception)
#pragma warning restore CA1031
            {
                // _writing is still set: the loop runs again on what is queued.
                Thread.Sleep(10);
            }

            lock (_queue)
            {
                while (!_writing)
                {
                    if (!Monitor.Wait(_queue, IdleExit) && !_writing)
                    {
                        _thread = null;
                        ThreadId = 0;
                        return;
                    }
                }
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            lock (_queue)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }

            List<Pending> group = [];
            Exception?[] errors = [];
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var connection = _connection ??= await database.OpenWriterAsync();
                var transaction = await connection.BeginTransactionAsync();
                try
                {
                    // Taken once the transaction is open: everything queued while waiting for it joins this group.
                    lock (_queue)
                    {
                        var rows = 0;
                        while (group.Count < MaxGroup && rows < MaxWeight && _queue.TryDequeue(out var next))
                        {
                            group.Add(next);
                            rows += next.Weight;
                        }
                    }

                    try
                    {
                        // The common case first: every request applies, no savepoints needed.
                        errors = await ApplyAsync(connection, transaction, group, isolate: false);
                    }
#pragma warning disable CA1031 // A request failed: the group is applied again with a savepoint per request.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        await transaction.RollbackAsync();
                        await transaction.DisposeAsync();
                        transaction = await connection.BeginTransactionAsync();
                        errors = await ApplyAsync(connection, transaction, group, isolate: true);
                    }

                    await transaction.CommitAsync();
                }
                finally
                {
                    await transaction.DisposeAsync();
                }
            }
#pragma warning disable CA1031 // Nothing of the group is committed: every caller gets the failure and may retry.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // The connection may be what failed: the next group opens a new one.
                await DropConnectionAsync();
                if (group.Count == 0)
                {
                    // The transaction never opened: fail what waited for it instead of retrying forever.
                    lock (_queue)
                    {
                        while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
                        {
                            group.Add(next);
                        }
                    }
                }

                foreach (var pending in group)
                {
                    pending.Fail(e);
                }

                continue;
            }

            Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            database.OnGroupCommitted();
            foreach (var tally in group.Select(p => p.Tally).Distinct())
            {
                tally.Add(group.Count(p => p.Tally == tally));
            }

            for (var i = 0; i < group.Count; i++)
            {
                if (errors[i] is { } error)
                {
                    group[i].Fail(error);
                }
                else
                {
                    group[i].Complete();
                }
            }
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
#pragma warning disable CA1031 // A broken connection may fail to close too; the next group opens a fresh one anyway.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    // Applies the group in order. With isolate, each request runs inside its own savepoint, so a failing one is rolled
    // back alone and gets its exception as its result; without, the first failure propagates (the caller rolls the
    // whole transaction back and applies the group again isolated — requests are pure database work, so that is safe).
    private static async Task<Exception?[]> ApplyAsync(DbConnection connection, DbTransaction transaction, List<Pending> group, bool isolate)
    {
        var errors = new Exception?[group.Count];
        await using var scope = new GroupTransaction(connection, transaction);
        for (var i = 0; i < group.Count; i++)
        {
            if (!isolate)
            {
                await group[i].ApplyAsync(scope);
                continue;
            }

            var savepoint = "w" + i.ToString(CultureInfo.InvariantCulture);
            await transaction.SaveAsync(savepoint);
            try
            {
                await group[i].ApplyAsync(scope);
                await transaction.ReleaseAsync(savepoint);
            }
#pragma warning disable CA1031 // The failing request is rolled back alone and its caller gets the exception.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await transaction.RollbackAsync(savepoint);
                await transaction.ReleaseAsync(savepoint);
                errors[i] = e;
            }
        }

        return errors;
    }

    private abstract class Pending(int weight, GroupTally tally)
    {
        public int Weight { get; } = weight;

        public GroupTally Tally { get; } = tally;

        public abstract Task ApplyAsync(GroupTransaction group);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class Pending<TResult>(Func<GroupTransaction, Task<TResult>> apply, int weight, GroupTally tally) : Pending(weight, tally)
    {
        private TResult? _result;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Applied again (isolated) after a failure of another request: the last result is the committed one.
        public override async Task ApplyAsync(GroupTransaction group) => _result = await apply(group);

        public override void Complete() => Done.TrySetResult(_result!);

        public override void Fail(Exception error) => Done.TrySetException(error);
    }
}

/// <summary>Counts the committed groups and requests of one kind of grouped write (for benchmarks and tests).</summary>
internal sealed class GroupTally
{
    private long _groups;
    private long _requests;

    /// <summary>Write transactions that carried at least one such request.</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Such requests committed.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public void Add(int requests)
    {
        Interlocked.Increment(ref _groups);
        Interlocked.Add(ref _requests, requests);
    }
}

/// <summary>The write transaction a group of requests is applied in, with commands prepared once per group.</summary>
internal sealed class GroupTransaction(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NativeStatement> _native = new(StringComparer.Ordinal);

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>The command named <paramref name="key"/>, created and prepared by the first request of the group that asks.</summary>
    public async Task<DbCommand> PreparedAsync(string key, Func<DbConnection, DbTransaction, DbCommand> create)
    {
        if (!_prepared.TryGetValue(key, out var command))
        {
            command = create(Connection, Transaction);
            await command.PrepareAsync();
            _prepared[key] = command;
        }

        return command;
    }

    /// <summary>The native statement for <paramref name="sql"/>, prepared by the first request of the group that runs it.</summary>
    public NativeStatement Native(string sql)
    {
        if (!_native.TryGetValue(sql, out var statement))
        {
            statement = NativeStatement.Prepare(Connection, sql);
            _native[sql] = statement;
        }

        return statement;
    }

    /// <summary>
    /// The command for <paramref name="sql"/> with <paramref name="parameters"/> bound: created and prepared by the
    /// first request of the group that runs this SQL, rebound (same names) by the next ones.
    /// </summary>
    public async Task<DbCommand> CommandAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = NMcsDatabase.Command(Connection, Transaction, sql, parameters);
            await command.PrepareAsync();
            _prepared[sql] = command;
            return command;
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync();
        }

        foreach (var statement in _native.Values)
        {
            await statement.DisposeAsync();
        }
    }
}
