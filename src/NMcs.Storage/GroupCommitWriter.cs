using System.Data.Common;
using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// Group commit for the embedded store's single writer. Callers enqueue requests and await their own result; one
/// writer loop takes everything queued (up to <c>maxGroup</c> requests and about <c>maxWeight</c> rows), applies it
/// in one write transaction — when a request fails, the group is applied again with a SAVEPOINT per request, so the
/// failing request rolls back alone and its caller gets the exception — commits, and only then completes each
/// caller. Requests are applied in the order queued. A few large transactions instead of one per caller is what lets invoices and usage scale with the number of accounts.
/// </summary>
internal sealed class GroupCommitWriter<TRequest, TResult>(
    NMcsDatabase database,
    string savepointPrefix,
    int maxGroup,
    int maxWeight,
    Func<TRequest, int> weight,
    Func<GroupTransaction, TRequest, Task<TResult>> apply)
{
    private readonly Queue<(TRequest Request, TaskCompletionSource<TResult> Done)> _queue = new();
    private bool _writing;
    private long _groups;
    private long _requests;

    /// <summary>Write transactions committed so far.</summary>
    public long GroupsCommitted => Interlocked.Read(ref _groups);

    /// <summary>Requests committed so far; divided by <see cref="GroupsCommitted"/>, the mean group size.</summary>
    public long RequestsCommitted => Interlocked.Read(ref _requests);

    /// <summary>Queues <paramref name="request"/>; the task completes once its group is committed (or failed).</summary>
    public Task<TResult> WriteAsync(TRequest request, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queue)
        {
            _queue.Enqueue((request, done));
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(WriteLoopAsync, CancellationToken.None);
            }
        }

        return done.Task.WaitAsync(cancellationToken);
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

            List<(TRequest Request, TaskCompletionSource<TResult> Done)> group = [];
            (TResult? Result, Exception? Error)[] results = [];
            try
            {
                await using var connection = await database.OpenAsync();

                // Savepoint journals stay in memory: they only ever hold pages of this one transaction.
                await using (var pragma = NMcsDatabase.Command(connection, null, "PRAGMA temp_store=MEMORY"))
                {
                    await pragma.ExecuteNonQueryAsync();
                }

                var transaction = await connection.BeginTransactionAsync();
                try
                {
                    // Taken once the transaction is open: everything queued while waiting for it joins this group.
                    lock (_queue)
                    {
                        var rows = 0;
                        while (group.Count < maxGroup && rows < maxWeight && _queue.TryDequeue(out var next))
                        {
                            group.Add(next);
                            rows += weight(next.Request);
                        }
                    }

                    try
                    {
                        // The common case first: every request applies, no savepoints needed.
                        results = await ApplyAsync(connection, transaction, group, isolate: false);
                    }
#pragma warning disable CA1031 // A request failed: the group is applied again with a savepoint per request.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        await transaction.RollbackAsync();
                        await transaction.DisposeAsync();
                        transaction = await connection.BeginTransactionAsync();
                        results = await ApplyAsync(connection, transaction, group, isolate: true);
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
                if (group.Count == 0)
                {
                    // The transaction never opened: fail what waited for it instead of retrying forever.
                    lock (_queue)
                    {
                        while (group.Count < maxGroup && _queue.TryDequeue(out var next))
                        {
                            group.Add(next);
                        }
                    }
                }

                foreach (var (_, done) in group)
                {
                    done.TrySetException(e);
                }

                continue;
            }

            Interlocked.Increment(ref _groups);
            Interlocked.Add(ref _requests, group.Count);
            for (var i = 0; i < group.Count; i++)
            {
                if (results[i].Error is { } error)
                {
                    group[i].Done.TrySetException(error);
                }
                else
                {
                    group[i].Done.TrySetResult(results[i].Result!);
                }
            }
        }
    }

    // Applies the group in order. With isolate, each request runs inside its own savepoint, so a failing one is rolled
    // back alone and gets its exception as its result; without, the first failure propagates (the caller rolls the
    // whole transaction back and applies the group again isolated — requests are pure database work, so that is safe).
    private async Task<(TResult? Result, Exception? Error)[]> ApplyAsync(
        DbConnection connection,
        DbTransaction transaction,
        List<(TRequest Request, TaskCompletionSource<TResult> Done)> group,
        bool isolate)
    {
        var results = new (TResult?, Exception?)[group.Count];
        await using var scope = new GroupTransaction(connection, transaction);
        for (var i = 0; i < group.Count; i++)
        {
            if (!isolate)
            {
                results[i] = (await apply(scope, group[i].Request), null);
                continue;
            }

            var savepoint = savepointPrefix + i.ToString(CultureInfo.InvariantCulture);
            await transaction.SaveAsync(savepoint);
            try
            {
                results[i] = (await apply(scope, group[i].Request), null);
                await transaction.ReleaseAsync(savepoint);
            }
#pragma warning disable CA1031 // The failing request is rolled back alone and its caller gets the exception.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await transaction.RollbackAsync(savepoint);
                await transaction.ReleaseAsync(savepoint);
                results[i] = (default, e);
            }
        }

        return results;
    }
}

/// <summary>The write transaction a group of requests is applied in, with commands prepared once per group.</summary>
internal sealed class GroupTransaction(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

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
    }
}
