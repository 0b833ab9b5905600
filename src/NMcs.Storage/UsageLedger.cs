using System.Data.Common;
using System.Runtime.InteropServices;

namespace NMcs.Storage;

/// <summary>
/// Append-only ledger of rated usage. The record id is a unique key, which is what makes ingestion
/// exactly-once: a record id already present is a duplicate, whichever silo or restart sees it again.
/// </summary>
/// <remarks>
/// Rows are found by account and by SIM through two indexes (read through the views <c>rated_usage_by_account</c> and
/// <c>rated_usage_by_sim</c>) that are filled in bulk, not per insert: <see cref="IndexTailAsync"/> adds the entries of all
/// rows written since the last time, sorted, as a new run (see <see cref="LedgerRuns"/>) once <see cref="TailRows"/> rows
/// have piled up. The newest rows (the tail, after <c>ledger_index.upto</c>) are found by a range scan of the table
/// instead, in the same statement, so every reader sees every committed row.
/// </remarks>
public sealed class UsageLedger(NMcsDatabase database)
{
    /// <summary>
    /// Rows after which the tail goes into the index tables as a run. Larger tails make fewer runs (fewer merges and
    /// fewer runs for a reader to search) but make readers scan more rows and the append that triggers the step wait
    /// longer.
    /// </summary>
    internal const int TailRows = 32_768;

    internal const string Columns =
        "record_id, iccid, account_id, period, service, quantity, unit, occurred_at, product_id, product_version, rate_unit, units, included_units, billable_units, price_per_unit, amount, rounded_amount, currency, steps, rated_at, invoice_id, counters, duration_seconds, destination, visited_network, charges";

    /// <summary>Which of <paramref name="recordIds"/> are already in the ledger.</summary>
    public Task<HashSet<string>> FindExistingAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken = default) =>
        database.FindExistingAsync("rated_usage", "record_id", recordIds, cancellationToken);

    /// <summary>
    /// Which of <paramref name="recordIds"/> were already accepted: rated into the ledger or suspended waiting for a
    /// rule (a record sent again in either state is a duplicate). One query on one connection instead of a lookup per
    /// table: it runs once per account call of every ingest batch.
    /// </summary>
    public Task<HashSet<string>> FindAcceptedAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        return database.FindKeysAsync(
            "SELECT record_id FROM rated_usage WHERE record_id IN ({0}) UNION ALL SELECT record_id FROM suspended_usage WHERE record_id IN ({0})",
            recordIds,
            cancellationToken);
    }

    /// <summary>
    /// Appends rows in one transaction. Returns the ids that were already present (and so were not written):
    /// the caller treats them as duplicates.
    /// </summary>
    public async Task<HashSet<string>> AppendAsync(IReadOnlyList<RatedUsageRow> rows, CancellationToken cancellationToken = default) =>
        (await AppendWithThresholdEventsAsync(rows, [], cancellationToken)).Conflicts;

    /// <summary>
    /// Appends rows and the threshold events they raised in one transaction, so an event is stored exactly when the
    /// record that raised it is. An event whose record was already present (a conflict) is not written; neither is an
    /// event id already stored. Returns the conflicting record ids and the events written, once they are committed.
    /// </summary>
    /// <remarks>
    /// Appends from concurrent callers (every account grain of an ingest batch) are group-committed: one write
    /// transaction carries up to 1,024 of them (and about 20,000 rows) together with the store's other grouped writes;
    /// one failing append rolls back only itself (the group is applied again with a savepoint per request) and the
    /// others commit. Appends are applied in the order they were queued, so a record id sent by two callers of one
    /// group is written by the first and is a conflict of the second, exactly as with two transactions. SQLite has one writer: a few large transactions
    /// instead of one per account call are what lets ingestion scale with the number of accounts.
    /// </remarks>
    public Task<LedgerAppend> AppendWithThresholdEventsAsync(
        IReadOnlyList<RatedUsageRow> rows,
        IReadOnlyList<ThresholdEvent> thresholdEvents,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(thresholdEvents);
        if (rows.Count == 0)
        {
            return Task.FromResult(new LedgerAppend(new HashSet<string>(StringComparer.Ordinal), []));
        }

        // The tail is measured in the writer only by the append that could take it to TailRows, not by every append.
        // While runs are being merged, every append owes its share of the merge work; it is paid once a chunk's worth
        // has piled up, by the append that takes it, in that append's transaction.
        var merge = 0L;
        if (Volatile.Read(ref _merging) && Interlocked.Add(ref _mergeOwed, rows.Count) >= MergeChunk)
        {
            merge = Interlocked.Exchange(ref _mergeOwed, 0);
        }

        // The values are encoded here, on the caller's thread, not by the writer every append waits for.
        var request = new AppendRequest(rows, LedgerRowImages.Of(rows), LedgerProductPeriods.Of(rows), thresholdEvents, Volatile.Read(ref _tailEstimate) + rows.Count >= TailRows, merge);
        return CountTailAsync(database.WriteAsync(group => AppendInAsync(group, request), rows.Count, _appends, cancellationToken), rows.Count);
    }

    private async Task<LedgerAppend> CountTailAsync(Task<Appended> append, int rows)
    {
        var (result, tail, merging) = await append;
        if (tail is { } measured)
        {
            Interlocked.Exchange(ref _tailEstimate, measured);
        }
        else
        {
            Interlocked.Add(ref _tailEstimate, rows - result.Conflicts.Count);
        }

        if (merging is { } more)
        {
            Volatile.Write(ref _merging, more);
        }

        return result;
    }

    /// <summary>
    /// Rows appended after which their share of merging runs is done (see <see cref="LedgerRuns.MergeAsync"/>): small
    /// enough that no transaction carries much of it, large enough that its fixed cost (a few statements) is spread.
    /// </summary>
    internal const int MergeChunk = 4_096;

    // Whether runs may need merging (a merge under way or runs enough to start one): unknown, so true, at first; the
    // merge work and every indexing step say.
    private bool _merging = true;
    private long _mergeOwed;

    // The tail as far as this process knows: the last measurement (by an append or a reader) plus the rows this ledger
    // appended since. Appends measure it only once this reaches TailRows and readers only above ReaderTailRows (a
    // bill run reads every account and appends nothing). Only how soon the tail is indexed depends on it; what readers
    // see never does.
    private long _tailEstimate;

    private readonly GroupTally _appends = new();

    /// <summary>Write transactions that carried appends of this ledger, so far.</summary>
    public long GroupsCommitted => _appends.Groups;

    /// <summary>Appends committed since this ledger was created; divided by <see cref="GroupsCommitted"/>, the mean group size.</summary>
    public long AppendsCommitted => _appends.Requests;

    // The ledger's hot path: bound by position on the native statement (see NativeStatement).
    private const string InsertSql =
        $"INSERT INTO rated_usage ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, NULL, ?21, ?22, ?23, ?24, ?25) ON CONFLICT (record_id) DO NOTHING";

    private static Task<Appended> AppendInAsync(GroupTransaction group, AppendRequest request)
    {
        // One prepared statement for the whole group: only the values change per row, and they are bound where the
        // appending thread encoded them (each chunk's array stays pinned until its last row is written).
        var insert = group.Native(InsertSql);
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        var r = 0;
        var first = -1L;
        foreach (var images in request.Images)
        {
            using (images.Buffer.AsMemory().Pin())
            {
                for (var i = 0; i < images.Rows; i++, r++)
                {
                    var row = request.Rows[r];
                    images.Bind(insert, i);
                    insert.Int(10, row.ProductVersion);
                    insert.Real(22, row.DurationSeconds);
                    if (insert.Execute() == 0)
                    {
                        conflicts.Add(row.RecordId);
                    }
                    else if (first < 0)
                    {
                        first = insert.LastInsertRowId;
                    }
                }
            }
        }

        // The rows written lie from the first's seq to the last's (nothing else inserts into the ledger meanwhile).
        if (first >= 0)
        {
            LedgerProductPeriods.Widen(group, request.ProductPeriods, first, insert.LastInsertRowId);
        }

        var events = request.ThresholdEvents.Count == 0 ? request.ThresholdEvents : [.. request.ThresholdEvents.Where(e => !conflicts.Contains(e.RecordId))];
        var raised = ThresholdEventStore.Insert(group, events);
        var result = new LedgerAppend(conflicts, raised);
        long? tailRows = null;
        if (request.MeasureTail)
        {
            var tail = group.Native(TailSql);
            tailRows = tail.Step() ? tail.ColumnInt64(0) : 0;
            tail.Reset();
        }

        return tailRows >= TailRows || request.Merge > 0 ? IndexAndMergeAsync(group, result, tailRows >= TailRows, request.Merge) : Task.FromResult(new Appended(result, tailRows, null));
    }

    private static async Task<Appended> IndexAndMergeAsync(GroupTransaction group, LedgerAppend result, bool index, long merge)
    {
        bool? merging = null;
        if (merge > 0)
        {
            merging = await LedgerRuns.MergeAsync(group.Connection, group.Transaction, merge);
        }

        if (!index)
        {
            return new Appended(result, null, merging);
        }

        // A new run can make a level full enough to merge.
        await IndexTailAsync(group.Connection, group.Transaction, TailRows);
        return new Appended(result, 0, true);
    }

    // What an append wrote, the tail it measured (null when it did not) and whether runs are still to be merged (null
    // when it did not find out).
    private sealed record Appended(LedgerAppend Result, long? Tail, bool? Merging);

    private const string TailSql = "SELECT coalesce((SELECT max(seq) FROM rated_usage), 0) - upto FROM ledger_index WHERE name = 'rated_usage'";

    /// <summary>
    /// Adds the index entries of every row after <c>ledger_index.upto</c> and moves the mark to the last row, in the
    /// caller's transaction, when there are at least <paramref name="minRows"/> such rows. The entries are a new run,
    /// appended to the end of each index table, sorted; merging runs is paid for by the appends that follow
    /// (<see cref="LedgerRuns"/>). Returns the number of rows indexed.
    /// </summary>
    internal static async Task<long> IndexTailAsync(DbConnection connection, DbTransaction transaction, long minRows, CancellationToken cancellationToken = default)
    {
        await using var range = NMcsDatabase.Command(connection, transaction, "SELECT upto, coalesce((SELECT max(seq) FROM rated_usage), 0) FROM ledger_index WHERE name = 'rated_usage'");
        long from, to;
        await using (var reader = await range.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return 0;
            }

            (from, to) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (to - from < Math.Max(1, minRows))
        {
            return 0;
        }

        await LedgerRuns.AddAsync(connection, transaction, from, to, cancellationToken);
        await using (var mark = NMcsDatabase.Command(connection, transaction, "UPDATE ledger_index SET upto = @to WHERE name = 'rated_usage'", ("@to", to)))
        {
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        return to - from;
    }

    /// <summary>
    /// A store written by a build before the ledger had its <c>seq</c> column: renames its table aside (and drops its
    /// indexes, which would otherwise keep their names) so the schema creates the new one. Returns the name it was
    /// renamed to, or null when there is nothing to move.
    /// </summary>
    internal static async Task<string?> SetAsideWithoutSeqAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var probe = NMcsDatabase.Command(connection, transaction, "SELECT count(*), count(CASE WHEN name = 'seq' THEN 1 END) FROM pragma_table_info('rated_usage')");
        await using (var reader = await probe.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 0 || reader.GetInt64(1) == 1)
            {
                return null;
            }
        }

        const string Aside = "rated_usage_before_seq";
        await NMcsDatabase.ExecuteAllAsync(connection, transaction, [
            $"ALTER TABLE rated_usage RENAME TO {Aside}",
            "DROP INDEX IF EXISTS ix_rated_usage_account_period",
            "DROP INDEX IF EXISTS ix_rated_usage_account",
            "DROP INDEX IF EXISTS ix_rated_usage_period",
            "DROP INDEX IF EXISTS ix_rated_usage_invoice",
            "DROP INDEX IF EXISTS ix_rated_usage_sim",
            "DROP INDEX IF EXISTS ix_rated_usage_product"], cancellationToken);

        return Aside;
    }

    /// <summary>Copies the rows of a ledger set aside by <see cref="SetAsideWithoutSeqAsync"/> into the new table, in their old order, and drops it.</summary>
    internal static Task MoveInAsync(DbConnection connection, DbTransaction transaction, string aside, CancellationToken cancellationToken) =>
        NMcsDatabase.ExecuteAllAsync(connection, transaction, [$"INSERT INTO rated_usage ({Columns}) SELECT {Columns} FROM {aside} ORDER BY rowid", $"DROP TABLE {aside}"], cancellationToken);

    private sealed record AppendRequest(
        IReadOnlyList<RatedUsageRow> Rows,
        LedgerRowImages[] Images,
        List<(string ProductId, string Period)> ProductPeriods,
        IReadOnlyList<ThresholdEvent> ThresholdEvents,
        bool MeasureTail,
        long Merge);

    /// <summary>
    /// The encoded counter deltas and the unrounded amount of every record of an account's cycle, with the SIM each
    /// belongs to: what rebuilds the cycle's counters and its usage charges (for charge limits).
    /// </summary>
    public async Task<IReadOnlyList<(string Iccid, string Counters, decimal Amount)>> CountersAsync(string accountId, string period, CancellationToken cancellationToken = default) =>
        (await CountersAsync([accountId], period, cancellationToken)).GetValueOrDefault(accountId) ?? [];

    /// <summary>
    /// <see cref="CountersAsync(string, string, CancellationToken)"/> for many accounts' same cycle, 500 accounts to a
    /// query (a rating partition taking on thousands of accounts after a start); an account without records in the
    /// cycle is not in the answer.
    /// </summary>
    public async Task<Dictionary<string, List<(string Iccid, string Counters, decimal Amount)>>> CountersAsync(IReadOnlyCollection<string> accountIds, string period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var counters = new Dictionary<string, List<(string, string, decimal)>>(StringComparer.Ordinal);
        if (accountIds.Count == 0)
        {
            return counters;
        }

        await using var connection = await OpenIndexedAsync(cancellationToken);
        NMcsDatabase.ReadForIds(
            connection,
            CountersOfAccounts,
            accountIds,
            [period],
            row => (CollectionsMarshal.GetValueRefOrAddDefault(counters, row.ColumnText(0), out _) ??= []).Add((row.ColumnText(1), row.ColumnText(2), DbValues.Dec(row.ColumnText(3)))),
            cancellationToken);
        return counters;
    }

    // The rows of a list of accounts ({0}) in a period ({1}), the placeholders NMcsDatabase.ReadForIds fills.
    private static readonly string CountersOfAccounts =
        ByAccount("SELECT account_id, iccid, counters, amount", "unbilled IN (0, 1) AND period = {1}", "period = {1}", string.Empty, accounts: "IN ({0})");

    /// <summary>Rated records of an account not yet on an invoice.</summary>
    public async Task<IReadOnlyList<RatedUsageRow>> UnbilledAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenIndexedAsync(cancellationToken);
        return await QueryAsync(
            connection,
            null,
            ByAccount($"SELECT {Columns}", "unbilled = 1", "invoice_id IS NULL", "WHERE invoice_id IS NULL ORDER BY occurred_at, record_id"),
            cancellationToken,
            ("@account", accountId));
    }

    /// <summary>Rated records of a product in one cycle (all accounts), oldest first: the usage set a what-if re-rates.</summary>
    public async Task<IReadOnlyList<RatedUsageRow>> ForProductAsync(string productId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(
            connection,
            null,
            $"SELECT {Columns} FROM rated_usage WHERE {LedgerProductPeriods.RowsOf} ORDER BY account_id, occurred_at, record_id",
            cancellationToken,
            ("@product", productId),
            ("@period", period));
    }

    /// <summary>Rated records of a SIM, newest first.</summary>
    public async Task<IReadOnlyList<RatedUsageRow>> ForSimAsync(string iccid, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenIndexedAsync(cancellationToken);
        return await QueryAsync(
            connection,
            null,
            $"""
            WITH s(seq) AS (
                SELECT seq FROM rated_usage_by_sim WHERE iccid = @iccid
                UNION ALL
                SELECT seq FROM rated_usage WHERE seq > {Upto} AND iccid = @iccid)
            SELECT {Columns} FROM s CROSS JOIN rated_usage USING (seq) ORDER BY occurred_at DESC, record_id LIMIT @limit
            """,
            cancellationToken,
            ("@iccid", iccid),
            ("@limit", limit));
    }

    /// <summary>One record by id, or null.</summary>
    public async Task<RatedUsageRow?> FindAsync(string recordId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, null, $"SELECT {Columns} FROM rated_usage WHERE record_id = @id", cancellationToken, ("@id", recordId));
        return rows.Count == 0 ? null : rows[0];
    }

    private const string Upto = "(SELECT upto FROM ledger_index WHERE name = 'rated_usage')";

    /// <summary>
    /// Tail above which a reader by account or SIM first has the writer index it (<see cref="IndexTailAsync"/>), so
    /// the part of its query that scans the tail stays short; readers in a burst (accounts activating at the start of a
    /// load) share one such step, as it goes through the group-commit writer like any write.
    /// </summary>
    internal const int ReaderTailRows = 2_048;

    private readonly GroupTally _catchUps = new();

    /// <summary>Does the merge work owed for <paramref name="added"/> rows now, through the writer (appends do it a chunk at a time).</summary>
    internal Task<bool> MergeNowAsync(long added, CancellationToken cancellationToken = default) =>
        database.WriteAsync(group => LedgerRuns.MergeAsync(group.Connection, group.Transaction, added, cancellationToken), 1, _catchUps, cancellationToken);

    /// <summary>Indexes the whole tail now, through the writer (a step that would otherwise wait for more rows or a reader).</summary>
    internal Task<long> IndexNowAsync(CancellationToken cancellationToken = default) =>
        database.WriteAsync(group => IndexTailAsync(group.Connection, group.Transaction, 1, cancellationToken), 1, _catchUps, cancellationToken);

    /// <summary>
    /// A read connection, opened once the tail is at most about <see cref="ReaderTailRows"/> rows. The tail is measured
    /// and indexed before the connection is opened, so readers waiting for that step hold none; readers arriving while a
    /// step is under way wait for that one instead of queueing their own.
    /// </summary>
    private async Task<DbConnection> OpenIndexedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tailEstimate) > ReaderTailRows)
        {
            Task catchUp;
            lock (_catchUpGate)
            {
                if (_catchUp is not { IsCompleted: false })
                {
                    _catchUp = CatchUpAsync();
                }

                catchUp = _catchUp;
            }

            await catchUp.WaitAsync(cancellationToken);
        }

        return await database.OpenAsync(cancellationToken);
    }

    private readonly Lock _catchUpGate = new();
    private Task? _catchUp;

    private async Task CatchUpAsync()
    {
        long rows;
        await using (var connection = await database.OpenAsync())
        {
            await using var tail = NMcsDatabase.Command(connection, null, TailSql);
            rows = await tail.ExecuteScalarAsync() as long? ?? 0;
        }

        if (rows > ReaderTailRows)
        {
            await database.WriteAsync(group => IndexTailAsync(group.Connection, group.Transaction, ReaderTailRows), 1, _catchUps);
            rows = 0;

            // The new run can make a level full enough to merge: the next appends find out.
            Volatile.Write(ref _merging, true);
        }

        Interlocked.Exchange(ref _tailEstimate, rows);
    }

    // Rows of @account (or of the accounts the condition `accounts` names) whose index entry matches indexed (after its
    // account_id) and whose tail row matches tail: select picks the columns, rest filters and orders the joined rows.
    private static string ByAccount(string select, string indexed, string tail, string rest, string accounts = "= @account") => $"""
        WITH s(seq) AS (
            SELECT seq FROM rated_usage_by_account WHERE account_id {accounts} AND {indexed}
            UNION ALL
            SELECT seq FROM rated_usage WHERE seq > {Upto} AND account_id {accounts} AND {tail})
        {select} FROM s CROSS JOIN rated_usage USING (seq) {rest}
        """;

    internal static async Task<IReadOnlyList<RatedUsageRow>> QueryAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var rows = new List<RatedUsageRow>();
        await using var command = NMcsDatabase.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RatedUsageRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                DbValues.Dec(reader.GetString(5)),
                reader.GetString(6),
                DbValues.Time(reader.GetString(7)),
                reader.GetString(8),
                reader.GetInt32(9),
                reader.GetString(10),
                DbValues.Dec(reader.GetString(11)),
                DbValues.Dec(reader.GetString(12)),
                DbValues.Dec(reader.GetString(13)),
                DbValues.Dec(reader.GetString(14)),
                DbValues.Dec(reader.GetString(15)),
                DbValues.Dec(reader.GetString(16)),
                reader.GetString(17),
                reader.GetString(18),
                DbValues.Time(reader.GetString(19)),
                reader.IsDBNull(20) ? null : reader.GetString(20),
                reader.GetString(21),
                reader.IsDBNull(22) ? null : reader.GetDouble(22),
                reader.IsDBNull(23) ? null : reader.GetString(23),
                reader.IsDBNull(24) ? null : reader.GetString(24),
                reader.GetString(25)));
        }

        return rows;
    }
}
