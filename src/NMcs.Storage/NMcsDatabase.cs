using System.Data.Common;
using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// The platform's relational store: grain state, catalog, SIM directory and the append-only money ledger in one
/// database. SQL is written once in the subset SQLite and PostgreSQL share (<c>ON CONFLICT</c>, named parameters);
/// a dialect supplies the connection and the column types.
/// </summary>
public abstract class NMcsDatabase
{
    private readonly GroupTally _grouped = new();
    private GroupCommitWriter? _writer;

    /// <summary>Short dialect name, e.g. <c>sqlite</c>.</summary>
    public abstract string Dialect { get; }

    /// <summary>Column type for binary payloads.</summary>
    protected abstract string BinaryType { get; }

    /// <summary>
    /// Appended to CREATE TABLE of tables read and written by their primary key only, to store the rows in key order
    /// without a separate row id (SQLite <c>WITHOUT ROWID</c>); empty where the dialect has no such option.
    /// </summary>
    protected virtual string ClusteredTableSuffix => string.Empty;

    /// <summary>Opens a connection ready for use.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Write transactions that carried writes of <see cref="WriteGroupedAsync"/>, so far.</summary>
    public long GroupedTransactions => _grouped.Groups;

    /// <summary>Writes committed by <see cref="WriteGroupedAsync"/> so far; divided by <see cref="GroupedTransactions"/>, the mean group size.</summary>
    public long GroupedWrites => _grouped.Requests;

    /// <summary>
    /// Opens the connection the group-commit writer keeps for its transactions. The default is a plain
    /// <see cref="OpenAsync"/>; a dialect may tune it for a long-lived writer (e.g. a larger page cache).
    /// </summary>
    protected internal virtual Task<DbConnection> OpenWriterAsync() => OpenAsync();

    /// <summary>Called by the group-commit writer after every commit (e.g. to schedule a WAL checkpoint).</summary>
    protected internal virtual void OnGroupCommitted()
    {
    }

    /// <summary>
    /// Queues <paramref name="apply"/> on the store's one group-commit writer (see <see cref="GroupCommitWriter"/>):
    /// the task completes once its group is committed, with what <paramref name="apply"/> returned.
    /// </summary>
    internal Task<TResult> WriteAsync<TResult>(Func<GroupTransaction, Task<TResult>> apply, int weight, GroupTally tally, CancellationToken cancellationToken = default) =>
        LazyInitializer.EnsureInitialized(ref _writer, () => new GroupCommitWriter(this)).WriteAsync(apply, weight, tally, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction shared with the other writes queued at the same moment (group
    /// commit): one writer commits them together, so many small writes of different grains cost one commit. The task
    /// completes once the group is committed, with what <paramref name="write"/> returned (e.g. rows changed).
    /// </summary>
    /// <remarks>
    /// <paramref name="write"/> must be database work only, without side effects elsewhere: when one write of a group
    /// throws, the group is rolled back and applied again with a savepoint per write, so the others still commit and
    /// the failing one gets its exception. A write that should fail without undoing others (an optimistic-concurrency
    /// miss, say) returns a value instead of throwing.
    /// </remarks>
    internal Task<int> WriteGroupedAsync(Func<GroupTransaction, Task<int>> write, CancellationToken cancellationToken = default) =>
        WriteAsync(write, 1, _grouped, cancellationToken);

    /// <summary>
    /// Closes the connection the group-commit writer keeps open, unless a group is being written (then it stays open
    /// and closes with the process). For a host that stops; a later write opens a new one.
    /// </summary>
    public Task CloseWriterAsync() => _writer?.CloseAsync() ?? Task.CompletedTask;

    /// <summary>
    /// The nice value the group-commit writer's thread asks for on Linux (-20 highest to 19 lowest priority; 0, the
    /// default, leaves it as the process's). Below 0 needs the right to raise priority: <c>CAP_SYS_NICE</c>, or an <c>RLIMIT_NICE</c>
    /// that allows it (the systemd unit's <c>LimitNICE=</c>). Set before the first write.
    /// </summary>
    public int WriterNice { get; set; } = DefaultWriterNice;

    /// <summary>Default of <see cref="WriterNice"/>.</summary>
    public const int DefaultWriterNice = 0;

    /// <summary>Starts the writer thread with an empty group, so <see cref="WriterPriority"/> is known (for the start-up log).</summary>
    public Task StartWriterAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(_ => Task.FromResult(0), 0, _grouped, cancellationToken);

    /// <summary>The operating system's id of the writer thread while it runs (Linux), else 0.</summary>
    internal int WriterThreadId => _writer?.ThreadId ?? 0;

    /// <summary>What the writer thread got when it last started: its nice value, or why it kept the process's (null before the first write).</summary>
    public string? WriterPriority { get; internal set; }

    /// <summary>Whether the system refused the writer thread the <see cref="WriterNice"/> it asked for (see <see cref="WriterPriority"/> for how to allow it).</summary>
    public bool WriterPriorityRefused { get; internal set; }

    /// <summary>Time the store's group-commit writer has spent writing groups so far (see <see cref="GroupCommitWriter.Busy"/>).</summary>
    public TimeSpan WriterBusy => _writer?.Busy ?? TimeSpan.Zero;

    /// <summary>Creates the tables when they do not exist. Safe to call on every start.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ledgerBefore = await UsageLedger.SetAsideWithoutSeqAsync(connection, transaction, cancellationToken);
        var indexesBefore = await LedgerRuns.SetAsideSharedTablesAsync(connection, transaction, cancellationToken);
        var eventsBefore = await ThresholdSchema.SetAsideKeyedByEventIdAsync(connection, transaction, cancellationToken);
        foreach (var statement in SchemaStatements())
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (ledgerBefore is not null)
        {
            await UsageLedger.MoveInAsync(connection, transaction, ledgerBefore, cancellationToken);
        }

        if (eventsBefore)
        {
            await ThresholdSchema.MoveInAsync(connection, transaction, cancellationToken);
        }

        await LedgerRuns.AddLevelColumnAsync(connection, transaction, cancellationToken);
        if (indexesBefore)
        {
            await LedgerRuns.MoveInAsync(connection, transaction, cancellationToken);
        }

        // Rows of a store from a build that indexed them by product, or moved in above, get their ranges now.
        await LedgerProductPeriods.MoveInAsync(connection, transaction, rebuild: ledgerBefore is not null, cancellationToken);

        // The index views and the invoicing triggers for the runs there are (none on a new store).
        await LedgerRuns.WriteViewsAsync(connection, transaction, cancellationToken);

        // Rows written since the ledger's indexes were last brought up to date go in now, so a host starts with no tail.
        await UsageLedger.IndexTailAsync(connection, transaction, 1, cancellationToken);

        // A store created by a build before billed segments were kept per subscription has the old columns; billing
        // on it would lose what was billed, so refuse to start rather than bill twice.
        try
        {
            await using var probe = Command(connection, transaction, "SELECT payer_account_id, subscription_id, invoice_id, segment_count, segments FROM billed_segments WHERE 1 = 0");
            await probe.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new InvalidOperationException(
                "the store was created by an earlier build whose billed_segments table has another layout (" + e.Message + "); this build has no migration for it: start on a new data directory (delete ./data or set NMcs:DataDirectory).",
                e);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Creates a command on <paramref name="connection"/> with named parameters.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is a constant of this assembly; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// Whether the store's schema has a <paramref name="type"/> (<c>table</c>, <c>index</c>, <c>trigger</c>) named
    /// <paramref name="name"/>: the start-up moves of stores written by earlier builds ask this.
    /// </summary>
    internal static Task<bool> HasSchemaObjectAsync(DbConnection connection, DbTransaction transaction, string type, string name, CancellationToken cancellationToken) =>
        AnyAsync(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = @type AND name = @name", cancellationToken, ("@type", type), ("@name", name));

    /// <summary>Whether <paramref name="table"/> has a column <paramref name="column"/>.</summary>
    internal static Task<bool> HasColumnAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken) =>
        AnyAsync(connection, transaction, "SELECT count(*) FROM pragma_table_info(@table) WHERE name = @column", cancellationToken, ("@table", table), ("@column", column));

    /// <summary>Whether <paramref name="column"/> is (part of) the primary key of <paramref name="table"/>.</summary>
    internal static Task<bool> HasKeyColumnAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken) =>
        AnyAsync(connection, transaction, "SELECT count(*) FROM pragma_table_info(@table) WHERE name = @column AND pk > 0", cancellationToken, ("@table", table), ("@column", column));

    /// <summary>Runs <paramref name="statements"/> in order inside <paramref name="transaction"/>: the steps of a start-up move.</summary>
    internal static async Task ExecuteAllAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        foreach (var sql in statements)
        {
            await using var command = Command(connection, transaction, sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<bool> AnyAsync(DbConnection connection, DbTransaction transaction, string countSql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var probe = Command(connection, transaction, countSql, parameters);
        return (long)(await probe.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    /// <summary>Which of <paramref name="ids"/> appear in <paramref name="column"/> of <paramref name="table"/> (both constants of this assembly).</summary>
    internal Task<HashSet<string>> FindExistingAsync(string table, string column, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        FindKeysAsync($"SELECT {column} FROM {table} WHERE {column} IN ({{0}})", ids, cancellationToken);

    /// <summary>The keys (first column) <paramref name="selectTemplate"/> finds for <paramref name="ids"/> (see <see cref="ReadForIdsAsync"/>).</summary>
    internal async Task<HashSet<string>> FindKeysAsync(string selectTemplate, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        await ReadForIdsAsync(selectTemplate, ids, row => found.Add(row.ColumnText(0)), cancellationToken);
        return found;
    }

    /// <summary>
    /// Runs <paramref name="selectTemplate"/> — a query with <c>{0}</c> where the list of <paramref name="ids"/> goes
    /// (<c>IN ({0})</c>, may appear more than once) — for chunks of the ids and hands every row to
    /// <paramref name="read"/>. The ids are bound by position on one statement prepared per chunk size: ADO.NET would
    /// look each of hundreds of parameter names up by name, which costs more than the query.
    /// </summary>
    internal async Task ReadForIdsAsync(string selectTemplate, IReadOnlyCollection<string> ids, Action<NativeStatement> read, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        ReadForIds(connection, selectTemplate, ids, [], read, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadForIdsAsync"/> on an open <paramref name="connection"/>, with more <paramref name="values"/>
    /// bound in every chunk: the template names them <c>{1}</c>, <c>{2}</c>, … (e.g. <c>AND period = {1}</c>).
    /// </summary>
    internal static void ReadForIds(DbConnection connection, string selectTemplate, IReadOnlyCollection<string> ids, IReadOnlyList<string> values, Action<NativeStatement> read, CancellationToken cancellationToken)
    {
        const int Chunk = 500;
        NativeStatement? query = null;
        try
        {
            foreach (var chunk in ids.Chunk(Chunk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (query is null || chunk.Length != Chunk)
                {
                    query?.Dispose();
                    var placeholders = new object[values.Count + 1];
                    placeholders[0] = string.Join(",", Enumerable.Range(1, chunk.Length).Select(i => "?" + i.ToString(CultureInfo.InvariantCulture)));
                    for (var v = 0; v < values.Count; v++)
                    {
                        placeholders[v + 1] = "?" + (chunk.Length + v + 1).ToString(CultureInfo.InvariantCulture);
                    }

                    query = NativeStatement.Prepare(connection, string.Format(CultureInfo.InvariantCulture, selectTemplate, placeholders));
                }

                for (var i = 0; i < chunk.Length; i++)
                {
                    query.Text(i + 1, chunk[i]);
                }

                for (var v = 0; v < values.Count; v++)
                {
                    query.Text(chunk.Length + v + 1, values[v]);
                }

                while (query.Step())
                {
                    read(query);
                }

                query.Reset();
            }
        }
        finally
        {
            query?.Dispose();
        }
    }

    /// <summary>Up to <paramref name="limit"/> keys of <paramref name="column"/> in <paramref name="table"/> after <paramref name="after"/>, in order.</summary>
    internal async Task<IReadOnlyList<string>> ListKeysAsync(string table, string column, int limit, string? after, CancellationToken cancellationToken)
    {
        var list = new List<string>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {column} FROM {table} WHERE {column} > @after ORDER BY {column} LIMIT @limit",
            ("@after", after ?? string.Empty),
            ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private IEnumerable<string> SchemaStatements()
    {
        yield return $"""
            CREATE TABLE IF NOT EXISTS grain_state (
                grain_type TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                etag BIGINT NOT NULL,
                payload {BinaryType} NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (grain_type, grain_id))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS product_versions (
                product_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                document TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (product_id, version))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS sims (
                iccid TEXT NOT NULL PRIMARY KEY,
                imsi TEXT NOT NULL UNIQUE,
                msisdn TEXT NOT NULL UNIQUE,
                registered_at TEXT NOT NULL)
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS customers (
                customer_id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                payer_account_id TEXT NOT NULL DEFAULT '',
                billing_cycle TEXT NOT NULL DEFAULT 'monthly',
                time_zone TEXT NOT NULL DEFAULT 'UTC')
            """;
        // Amounts are stored as invariant decimal text: SQLite has no exact decimal type and sums happen in C#. seq is
        // the row's place in the ledger (an explicit INTEGER PRIMARY KEY, so VACUUM keeps it): the ledger's own
        // account and SIM indexes below point at rows by it.
        yield return """
            CREATE TABLE IF NOT EXISTS rated_usage (
                seq INTEGER PRIMARY KEY,
                record_id TEXT NOT NULL UNIQUE,
                iccid TEXT NOT NULL,
                account_id TEXT NOT NULL,
                period TEXT NOT NULL,
                service TEXT NOT NULL,
                quantity TEXT NOT NULL,
                unit TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                product_id TEXT NOT NULL,
                product_version INTEGER NOT NULL,
                rate_unit TEXT NOT NULL,
                units TEXT NOT NULL,
                included_units TEXT NOT NULL,
                billable_units TEXT NOT NULL,
                price_per_unit TEXT NOT NULL,
                amount TEXT NOT NULL,
                rounded_amount TEXT NOT NULL,
                currency TEXT NOT NULL,
                steps TEXT NOT NULL,
                rated_at TEXT NOT NULL,
                counters TEXT NOT NULL,
                duration_seconds REAL NULL,
                destination TEXT NULL,
                visited_network TEXT NULL,
                charges TEXT NOT NULL,
                invoice_id TEXT NULL)
            """;

        // An insert touches only B-trees it appends to: the table (seq) and the record id key (ids of one source mostly
        // ascend). The invoice index is partial, so an insert (invoice_id still NULL) never touches it. A product's rows
        // of a cycle are found through the range of seq they lie in (see LedgerProductPeriods), kept per append, not
        // through an index entry per row.
        yield return "CREATE INDEX IF NOT EXISTS ix_rated_usage_invoice ON rated_usage (invoice_id) WHERE invoice_id IS NOT NULL";
        yield return LedgerProductPeriods.Schema;

        // The ledger's account and SIM indexes. Keyed by account or SIM, an entry per row would land on a random page
        // of each (two 4 KB pages written per record at fleet scale), so they are not SQLite indexes on rated_usage
        // but tables filled in bulk, as sorted runs (a table per run and index, appended page after page, read
        // through the views rated_usage_by_account and rated_usage_by_sim): rows up to ledger_index.upto are in them,
        // rows after it (the tail, a bounded number of the newest) are found by a range scan of rated_usage. The
        // views and the triggers that keep the account index's unbilled flag in step with invoicing are written by
        // LedgerRuns as runs come and go. See UsageLedger.IndexTailAsync and LedgerRuns.
        yield return LedgerRuns.Schema;
        yield return "CREATE TABLE IF NOT EXISTS ledger_index (name TEXT NOT NULL PRIMARY KEY, upto INTEGER NOT NULL)";
        yield return "INSERT OR IGNORE INTO ledger_index (name, upto) VALUES ('rated_usage', 0)";

        // The trigger of builds before runs had no run to search by; LedgerRuns writes the ones of this build.
        yield return "DROP TRIGGER IF EXISTS tr_rated_usage_invoiced";
        yield return """
            CREATE TABLE IF NOT EXISTS invoices (
                invoice_id TEXT NOT NULL PRIMARY KEY,
                invoice_number TEXT NOT NULL UNIQUE,
                account_id TEXT NOT NULL,
                period TEXT NOT NULL,
                currency TEXT NOT NULL,
                subtotal TEXT NOT NULL,
                total TEXT NOT NULL,
                issued_at TEXT NOT NULL,
                UNIQUE (account_id, period))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS invoice_lines (
                invoice_id TEXT NOT NULL,
                line_number INTEGER NOT NULL,
                kind TEXT NOT NULL,
                description TEXT NOT NULL,
                iccid TEXT NOT NULL,
                quantity TEXT NOT NULL,
                unrounded_amount TEXT NOT NULL,
                amount TEXT NOT NULL,
                account_id TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (invoice_id, line_number))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS tax_rates (
                jurisdiction TEXT NOT NULL,
                category TEXT NOT NULL,
                valid_from TEXT NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (jurisdiction, category, valid_from))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS tariff_rules (
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL,
                source TEXT NOT NULL,
                deployed_at TEXT NOT NULL,
                PRIMARY KEY (name, version))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS suspended_usage (
                record_id TEXT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                iccid TEXT NOT NULL,
                rule_name TEXT NOT NULL,
                reason TEXT NOT NULL,
                record TEXT NOT NULL,
                suspended_at TEXT NOT NULL)
            """;
        yield return "CREATE INDEX IF NOT EXISTS ix_suspended_usage_rule ON suspended_usage (rule_name)";
        yield return """
            CREATE TABLE IF NOT EXISTS invoice_taxes (
                invoice_id TEXT NOT NULL,
                category TEXT NOT NULL,
                rate TEXT NOT NULL,
                treatment TEXT NOT NULL,
                taxable TEXT NOT NULL,
                unrounded_tax TEXT NOT NULL,
                tax TEXT NOT NULL,
                PRIMARY KEY (invoice_id, category, rate, treatment))
            """;
        yield return """
            CREATE TABLE IF NOT EXISTS counters (
                name TEXT NOT NULL PRIMARY KEY,
                value BIGINT NOT NULL)
            """;
        foreach (var statement in AccountsReceivableSchema.Statements)
        {
            yield return statement;
        }

        foreach (var statement in BillRunSchema.Statements(ClusteredTableSuffix))
        {
            yield return statement;
        }

        foreach (var statement in ThresholdSchema.Statements)
        {
            yield return statement;
        }

        foreach (var statement in IngestionSchema.Statements)
        {
            yield return statement;
        }

        foreach (var statement in FileImportStore.Schema)
        {
            yield return statement;
        }

        foreach (var statement in Resources.ResourceSchema.Statements)
        {
            yield return statement;
        }

        foreach (var statement in AccountSubscriptionStore.Schema)
        {
            yield return statement;
        }
    }
}
