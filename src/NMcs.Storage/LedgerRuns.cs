using System.Data.Common;

namespace NMcs.Storage;

/// <summary>
/// The ledger's account and SIM indexes as sorted runs (a log-structured merge). Each bulk step writes the entries of
/// the rows since the last step as a new run: a run is a key range of its own (the run number leads the key), so its
/// entries are appended to the end of the index B-tree, page after page, instead of landing on a random page each.
/// Runs of about the same size are merged, a bounded number of entries per step, so a reader searches a few runs per
/// level of size (<see cref="Fanout"/> - 1 at most per level) and an entry is rewritten once per level.
/// </summary>
/// <remarks>
/// <para><c>ledger_runs</c> holds one row per run: the ledger rows (<c>seq</c>) it covers, from <c>lo</c> to <c>hi</c>,
/// how many entries it has when complete, and, for a run being merged, the run it is merging into. Only adjacent runs
/// are merged, so every run covers one contiguous range of <c>seq</c>.</para>
/// <para>A merge moves entries from its sources to its target in key order, a chunk at a time: a chunk takes every entry
/// of the sources up to a key, inserts them into the target and deletes them from the sources in one transaction. At
/// every commit each entry is in exactly one run, so readers that search every run in <c>ledger_runs</c> see each row
/// once, merging or not.</para>
/// </remarks>
internal static class LedgerRuns
{
    /// <summary>Runs of one size level merged into one run of the next.</summary>
    internal const int Fanout = 16;

    /// <summary>The runs a reader searches: every run, complete, merging or being merged into.</summary>
    internal const string Live = "(SELECT run FROM ledger_runs)";

    /// <summary>The one or two runs (a run being merged and its target) that can hold the entries of ledger row <paramref name="seq"/>.</summary>
    internal static string Covering(string seq) => $"(SELECT run FROM ledger_runs WHERE lo <= {seq} AND hi >= {seq})";

    internal const string Schema = "CREATE TABLE IF NOT EXISTS ledger_runs (run INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL, entries INTEGER NOT NULL, into_run INTEGER NULL)";

    // The two index tables: name, leading key column after the run, the other columns in key order.
    private static readonly IndexTable[] Tables =
    [
        new("rated_usage_by_account", "account_id", "account_id, unbilled, period, seq", "account_id, invoice_id IS NULL, period, seq"),
        new("rated_usage_by_sim", "iccid", "iccid, seq", "iccid, seq"),
    ];

    /// <summary>
    /// Writes the entries of ledger rows <paramref name="from"/> (exclusive) to <paramref name="to"/> as a new run. Merging
    /// is paid for by the appends that follow (<see cref="MergeAsync"/>), a chunk at a time, not by the step.
    /// </summary>
    internal static async Task AddAsync(DbConnection connection, DbTransaction transaction, long from, long to, CancellationToken cancellationToken)
    {
        var run = await NextRunAsync(connection, transaction, cancellationToken);
        long entries = 0;
        foreach (var table in Tables)
        {
            entries = await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table.Name} (run, {table.Key}) SELECT @run, {table.Source} FROM rated_usage WHERE seq > @from AND seq <= @to ORDER BY {table.Positions}",
                cancellationToken,
                ("@run", run),
                ("@from", from),
                ("@to", to));
        }

        await InsertRunAsync(connection, transaction, new Run(run, from + 1, to, entries, null), cancellationToken);
    }

    /// <summary>
    /// Moves up to about <paramref name="added"/> × (1 + the highest level) entries of each index table from runs
    /// being merged into their target, starting a merge when none is under way and <see cref="Fanout"/> adjacent runs
    /// share a level. Each level needs about one entry moved per entry added to keep up, so the budget keeps the number
    /// of runs bounded whatever the ledger's size. Returns whether there is more to merge (a merge still under way, or
    /// one that can start).
    /// </summary>
    internal static async Task<bool> MergeAsync(DbConnection connection, DbTransaction transaction, long added, CancellationToken cancellationToken = default)
    {
        var runs = await RunsAsync(connection, transaction, cancellationToken);
        var budget = added * (1 + runs.Select(r => Level(r.Entries)).DefaultIfEmpty(0).Max());
        while (budget > 0)
        {
            var target = runs.FirstOrDefault(r => runs.Any(s => s.Into == r.Id))
                ?? await StartAsync(connection, transaction, runs, cancellationToken);
            if (target is null)
            {
                return false;
            }

            var sources = runs.Where(r => r.Into == target.Id).ToList();
            var moved = 0L;
            var done = true;
            foreach (var table in Tables)
            {
                var (tableMoved, tableDone) = await MoveAsync(connection, transaction, table, target.Id, sources.Count, budget, cancellationToken);
                moved = Math.Max(moved, tableMoved);
                done &= tableDone;
            }

            if (!done)
            {
                return true;
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM ledger_runs WHERE into_run = @target", cancellationToken, ("@target", target.Id));
            runs = await RunsAsync(connection, transaction, cancellationToken);
            budget -= Math.Max(moved, 1);
        }

        return true;
    }

    /// <summary>
    /// Moves entries of one table from the sources into the target, a chunk of whole leading keys at a time, until
    /// about <paramref name="budget"/> have moved or the sources are empty. Returns how many moved and whether none is left.
    /// </summary>
    private static async Task<(long Moved, bool Done)> MoveAsync(
        DbConnection connection,
        DbTransaction transaction,
        IndexTable table,
        long target,
        int sourceCount,
        long budget,
        CancellationToken cancellationToken)
    {
        var sources = "(SELECT run FROM ledger_runs WHERE into_run = @target)";
        var moved = 0L;
        while (moved < budget)
        {
            // The lowest key below which some source holds its share of the budget: every entry of every source up to
            // and including that key moves in this chunk (so keys arrive at the target in order), at most a share from
            // each source however differently the sources' keys are spread (a step's SIMs can be a narrow slice of
            // all). No source with more than its share left: the rest of every source is the last chunk.
            var skip = Math.Max(1, (budget - moved) / sourceCount);
            await using var bound = NMcsDatabase.Command(
                connection,
                transaction,
                $"SELECT min((SELECT {table.Lead} FROM {table.Name} WHERE run = r.run ORDER BY {table.Lead} LIMIT 1 OFFSET @skip)) FROM ledger_runs r WHERE r.into_run = @target",
                ("@target", target),
                ("@skip", skip));
            var upTo = await bound.ExecuteScalarAsync(cancellationToken) as string;
            var range = upTo is null ? string.Empty : $" AND {table.Lead} <= @bound";
            (string, object?)[] parameters = [("@target", target), ("@bound", upTo)];
            moved += await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table.Name} (run, {table.Key}) SELECT @target, {table.Key} FROM {table.Name} WHERE run IN {sources}{range} ORDER BY {table.Key}",
                cancellationToken,
                parameters);
            await ExecuteAsync(connection, transaction, $"DELETE FROM {table.Name} WHERE run IN {sources}{range}", cancellationToken, parameters);
            if (upTo is null)
            {
                return (moved, true);
            }
        }

        return (moved, false);
    }

    /// <summary>
    /// Starts merging the first <see cref="Fanout"/> adjacent runs (in <c>seq</c> order) of one level, the lowest level
    /// that has them. Returns the target run, or null when no level has enough.
    /// </summary>
    private static async Task<Run?> StartAsync(DbConnection connection, DbTransaction transaction, List<Run> runs, CancellationToken cancellationToken)
    {
        List<Run>? pick = null;
        for (var i = 0; i + Fanout <= runs.Count; i++)
        {
            var window = runs.GetRange(i, Fanout);
            var level = Level(window[0].Entries);
            if (window.All(r => Level(r.Entries) == level) && (pick is null || level < Level(pick[0].Entries)))
            {
                pick = window;
            }
        }

        if (pick is null)
        {
            return null;
        }

        var target = new Run(await NextRunAsync(connection, transaction, cancellationToken), pick[0].Lo, pick[^1].Hi, pick.Sum(r => r.Entries), null);
        await InsertRunAsync(connection, transaction, target, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "UPDATE ledger_runs SET into_run = @target WHERE lo >= @lo AND hi <= @hi AND run <> @target",
            cancellationToken,
            ("@target", target.Id),
            ("@lo", target.Lo),
            ("@hi", target.Hi));
        runs.Add(target);
        for (var i = 0; i < runs.Count; i++)
        {
            if (pick.Contains(runs[i]))
            {
                runs[i] = runs[i] with { Into = target.Id };
            }
        }

        return target;
    }

    /// <summary>
    /// A store written by a build before runs: renames its index tables aside (their key has no run) so the schema
    /// creates the new ones. Returns whether there was anything to move (see <see cref="MoveInAsync"/>).
    /// </summary>
    internal static async Task<bool> SetAsideWithoutRunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var probe = NMcsDatabase.Command(connection, transaction, "SELECT count(*), count(CASE WHEN name = 'run' THEN 1 END) FROM pragma_table_info('rated_usage_by_account')"))
        await using (var reader = await probe.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 0 || reader.GetInt64(1) == 1)
            {
                return false;
            }
        }

        foreach (var table in Tables)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {table.Name} RENAME TO {table.Name}{Before}", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "DROP TRIGGER IF EXISTS tr_rated_usage_invoiced", cancellationToken);
        return true;
    }

    /// <summary>
    /// Copies the entries of index tables set aside by <see cref="SetAsideWithoutRunAsync"/> into the new ones as one
    /// run (they cover every row up to <c>ledger_index.upto</c>, in key order already) and drops them.
    /// </summary>
    internal static async Task MoveInAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        long entries = 0;
        foreach (var table in Tables)
        {
            entries = await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table.Name} (run, {table.Key}) SELECT 1, {table.Key} FROM {table.Name}{Before} ORDER BY {table.Key}",
                cancellationToken);
            await ExecuteAsync(connection, transaction, $"DROP TABLE {table.Name}{Before}", cancellationToken);
        }

        if (entries > 0)
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO ledger_runs (run, lo, hi, entries) SELECT 1, 1, upto, @entries FROM ledger_index WHERE name = 'rated_usage'",
                cancellationToken,
                ("@entries", entries));
        }
    }

    private const string Before = "_before_runs";

    /// <summary>The size level of a run of <paramref name="entries"/>: 0 below <see cref="Fanout"/> steps' worth, then one more per factor of <see cref="Fanout"/>.</summary>
    internal static int Level(long entries)
    {
        var level = 0;
        for (var size = (long)UsageLedger.TailRows * Fanout; entries >= size; size *= Fanout)
        {
            level++;
        }

        return level;
    }

    private static async Task<List<Run>> RunsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT run, lo, hi, entries, into_run FROM ledger_runs ORDER BY lo, hi DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new Run(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }

        return runs;
    }

    private static Task<long> InsertRunAsync(DbConnection connection, DbTransaction transaction, Run run, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO ledger_runs (run, lo, hi, entries) VALUES (@run, @lo, @hi, @entries)",
            cancellationToken,
            ("@run", run.Id),
            ("@lo", run.Lo),
            ("@hi", run.Hi),
            ("@entries", run.Entries));

    private static async Task<long> NextRunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT coalesce(max(run), 0) + 1 FROM ledger_runs");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record IndexTable(string Name, string Lead, string Key, string Source)
    {
        // The key's columns by position in a SELECT whose first column is the run: 2, 3, ...
        public string Positions => string.Join(", ", Enumerable.Range(2, Key.Split(',').Length));
    }

    private sealed record Run(long Id, long Lo, long Hi, long Entries, long? Into);
}
