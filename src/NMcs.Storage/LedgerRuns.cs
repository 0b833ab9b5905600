using System.Data.Common;
using System.Globalization;

namespace NMcs.Storage;

/// <summary>
/// The ledger's account and SIM indexes as sorted runs (a log-structured merge). Each bulk step writes the entries of
/// the rows since the last step as a new run, a table of its own per index, so its entries are appended page after
/// page instead of landing on a random page each. Runs of about the same size are merged, a bounded number of entries
/// per step, so a reader searches a few runs per level (<see cref="Fanout"/> - 1 at most per level) and an entry is
/// rewritten once per level. A step's run is of level 0 and a merge of runs of level L is of level L + 1, whatever
/// their sizes: a merged run is never merged again with runs of the level it came from.
/// </summary>
/// <remarks>
/// <para><c>ledger_runs</c> holds one row per run: the ledger rows (<c>seq</c>) it covers, from <c>lo</c> to <c>hi</c>,
/// how many entries it has when complete, its level, and, for a run being merged, the run it is merging into. Only adjacent runs
/// are merged, so every run covers one contiguous range of <c>seq</c>. Run <c>r</c>'s entries are in the tables
/// <c>rated_usage_by_account_r</c> and <c>rated_usage_by_sim_r</c>; the views <c>rated_usage_by_account</c> and
/// <c>rated_usage_by_sim</c> are the union of every run's, with the run number as a column, and are what readers
/// search. The views and the invoicing triggers are written again whenever a run's table comes or goes.</para>
/// <para>A merge copies entries from its sources into its target in key order, one index at a time (accounts, then
/// SIMs), a chunk at a time: a chunk takes every entry of the sources up to a leading key (an account or an ICCID),
/// inserts them into the target and records that key in the target's <c>moved</c>. The sources are not touched: the
/// view leaves out their entries up to <c>moved</c>, so at every commit a reader sees each entry once, in the target
/// or in a source. Once an index is copied whole, the sources' tables of that index are dropped: freeing their pages
/// costs a fraction of deleting their entries one by one, which is what a merge spent most of its time on when every
/// run shared one table.</para>
/// </remarks>
internal static class LedgerRuns
{
    /// <summary>Runs of one size level merged into one run of the next.</summary>
    internal const int Fanout = 16;

    internal const string Schema = "CREATE TABLE IF NOT EXISTS ledger_runs (run INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL, entries INTEGER NOT NULL, into_run INTEGER NULL, moving INTEGER NULL, moved TEXT NULL, level INTEGER NULL)";

    /// <summary>
    /// Gives the list of runs of a store from a build before levels were kept its <c>level</c> column. Those runs keep
    /// no level (NULL): theirs is taken from their size (<see cref="Level(long)"/>), as those builds did.
    /// </summary>
    internal static async Task AddLevelColumnAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await NMcsDatabase.HasColumnAsync(connection, transaction, "ledger_runs", "level", cancellationToken))
        {
            await ExecuteAsync(connection, transaction, "ALTER TABLE ledger_runs ADD COLUMN level INTEGER NULL", cancellationToken);
        }
    }

    // The two indexes, in the order a merge copies them: view name, leading key column, the key's columns in order,
    // the columns of rated_usage each is made from, and the table's column definitions.
    private static readonly IndexTable[] Tables =
    [
        new("rated_usage_by_account", "account_id", "account_id, unbilled, period, seq", "account_id, invoice_id IS NULL, period, seq", "account_id TEXT NOT NULL, unbilled INTEGER NOT NULL, period TEXT NOT NULL, seq INTEGER NOT NULL"),
        new("rated_usage_by_sim", "iccid", "iccid, seq", "iccid, seq", "iccid TEXT NOT NULL, seq INTEGER NOT NULL"),
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
            await CreateAsync(connection, transaction, table, run, cancellationToken);
            entries = await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table.Of(run)} ({table.Key}) SELECT {table.Source} FROM rated_usage WHERE seq > @from AND seq <= @to ORDER BY {table.Positions}",
                cancellationToken,
                ("@from", from),
                ("@to", to));
        }

        await InsertRunAsync(connection, transaction, new Run(run, from + 1, to, entries, null, null, Level: 0), cancellationToken);
        await WriteViewsAsync(connection, transaction, cancellationToken);
    }

    /// <summary>
    /// Copies up to about <paramref name="added"/> × (1 + the highest level) entries of each index from runs being
    /// merged into their target, starting a merge when none is under way and <see cref="Fanout"/> adjacent runs share
    /// a level. Each level needs about one entry copied per entry added to keep up, so the budget keeps the number of
    /// runs bounded whatever the ledger's size. Returns whether there is more to merge (a merge still under way, or one
    /// that can start).
    /// </summary>
    internal static async Task<bool> MergeAsync(DbConnection connection, DbTransaction transaction, long added, CancellationToken cancellationToken = default)
    {
        var runs = await RunsAsync(connection, transaction, cancellationToken);
        var budget = added * (1 + runs.Select(r => r.LevelOf).DefaultIfEmpty(0).Max()) * Tables.Length;
        while (budget > 0)
        {
            var target = runs.FirstOrDefault(r => r.Moving is not null)
                ?? await StartAsync(connection, transaction, runs, cancellationToken);
            if (target is null)
            {
                return false;
            }

            var sources = runs.Where(r => r.Into == target.Id).Select(r => r.Id).ToList();
            var table = Tables[target.Moving!.Value];

            // A target always has sources until it is complete; none left (a store edited by hand) is nothing to copy.
            var (moved, done) = sources.Count == 0 ? (0L, true) : await CopyAsync(connection, transaction, table, target, sources, budget, cancellationToken);
            budget -= Math.Max(moved, 1);
            if (!done)
            {
                return true;
            }

            // The sources' entries of this index are all in the target: their tables go, and the next index (if any)
            // starts from its first key.
            foreach (var source in sources)
            {
                await ExecuteAsync(connection, transaction, $"DROP TABLE {table.Of(source)}", cancellationToken);
            }

            if (target.Moving + 1 < Tables.Length)
            {
                await ExecuteAsync(connection, transaction, "UPDATE ledger_runs SET moving = moving + 1, moved = NULL WHERE run = @target", cancellationToken, ("@target", target.Id));
            }
            else
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM ledger_runs WHERE into_run = @target", cancellationToken, ("@target", target.Id));
                await ExecuteAsync(connection, transaction, "UPDATE ledger_runs SET moving = NULL, moved = NULL WHERE run = @target", cancellationToken, ("@target", target.Id));
            }

            await WriteViewsAsync(connection, transaction, cancellationToken);
            runs = await RunsAsync(connection, transaction, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Copies entries of one index from the sources into the target, a chunk of whole leading keys at a time, until
    /// about <paramref name="budget"/> have been copied or none is left. Returns how many were copied and whether the
    /// index is done.
    /// </summary>
    private static async Task<(long Moved, bool Done)> CopyAsync(
        DbConnection connection,
        DbTransaction transaction,
        IndexTable table,
        Run target,
        List<long> sources,
        long budget,
        CancellationToken cancellationToken)
    {
        var from = target.Moved;
        var moved = 0L;
        while (moved < budget)
        {
            // The lowest key below which some source holds its share of the budget: every entry of every source up to
            // and including that key is copied in this chunk (so keys arrive at the target in order), at most a share
            // from each source however differently the sources' keys are spread (a step's SIMs can be a narrow slice
            // of all). No source with more than its share left: the rest of every source is the last chunk.
            var after = from is null ? string.Empty : $" WHERE {table.Lead} > @from";
            var skip = Math.Max(1, (budget - moved) / sources.Count);
            var shares = string.Join(" UNION ALL ", sources.Select(s => $"SELECT (SELECT {table.Lead} FROM {table.Of(s)}{after} ORDER BY {table.Lead} LIMIT 1 OFFSET @skip) AS k"));
            await using var bound = NMcsDatabase.Command(connection, transaction, $"SELECT min(k) FROM ({shares})", ("@from", from), ("@skip", skip));
            var upTo = await bound.ExecuteScalarAsync(cancellationToken) as string;

            var range = (from, upTo) switch
            {
                (null, null) => string.Empty,
                (null, _) => $" WHERE {table.Lead} <= @upTo",
                (_, null) => $" WHERE {table.Lead} > @from",
                _ => $" WHERE {table.Lead} > @from AND {table.Lead} <= @upTo",
            };
            var chunk = string.Join(" UNION ALL ", sources.Select(s => $"SELECT {table.Key} FROM {table.Of(s)}{range}"));
            moved += await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table.Of(target.Id)} ({table.Key}) SELECT {table.Key} FROM ({chunk}) ORDER BY {table.Key}",
                cancellationToken,
                ("@from", from),
                ("@upTo", upTo));
            if (upTo is null)
            {
                return (moved, true);
            }

            await ExecuteAsync(connection, transaction, "UPDATE ledger_runs SET moved = @upTo WHERE run = @target", cancellationToken, ("@upTo", upTo), ("@target", target.Id));
            from = upTo;
        }

        return (moved, false);
    }

    /// <summary>
    /// Starts merging the first <see cref="Fanout"/> adjacent runs (in <c>seq</c> order) of one level, the lowest level
    /// that has them, into a run of the next level. Returns the target run, or null when no level has enough.
    /// </summary>
    private static async Task<Run?> StartAsync(DbConnection connection, DbTransaction transaction, List<Run> runs, CancellationToken cancellationToken)
    {
        List<Run>? pick = null;
        for (var i = 0; i + Fanout <= runs.Count; i++)
        {
            var window = runs.GetRange(i, Fanout);
            var level = window[0].LevelOf;
            if (window.All(r => r.LevelOf == level) && (pick is null || level < pick[0].LevelOf))
            {
                pick = window;
            }
        }

        if (pick is null)
        {
            return null;
        }

        var target = new Run(await NextRunAsync(connection, transaction, cancellationToken), pick[0].Lo, pick[^1].Hi, pick.Sum(r => r.Entries), null, 0, Level: pick[0].LevelOf + 1);
        foreach (var table in Tables)
        {
            await CreateAsync(connection, transaction, table, target.Id, cancellationToken);
        }

        await InsertRunAsync(connection, transaction, target, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "UPDATE ledger_runs SET into_run = @target WHERE lo >= @lo AND hi <= @hi AND run <> @target",
            cancellationToken,
            ("@target", target.Id),
            ("@lo", target.Lo),
            ("@hi", target.Hi));
        await WriteViewsAsync(connection, transaction, cancellationToken);
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
    /// Writes the two views (every run's entries once) and the invoicing triggers for the runs in <c>ledger_runs</c> now.
    /// A run being merged into a target that is copying the same index shows only its entries after the target's
    /// <c>moved</c> key; one whose target has copied that index already has no table for it any more.
    /// </summary>
    internal static async Task WriteViewsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var runs = await RunsAsync(connection, transaction, cancellationToken);
        var targets = runs.Where(r => r.Moving is not null).ToDictionary(r => r.Id);
        var triggers = new List<string>();
        for (var index = 0; index < Tables.Length; index++)
        {
            var table = Tables[index];
            var arms = new List<string>();
            foreach (var run in runs)
            {
                var filter = string.Empty;
                if (run.Into is { } into && targets.TryGetValue(into, out var target))
                {
                    if (target.Moving > index)
                    {
                        continue;
                    }

                    if (target.Moving == index)
                    {
                        var moved = $"(SELECT moved FROM ledger_runs WHERE run = {Number(into)})";
                        filter = $" WHERE {moved} IS NULL OR {table.Lead} > {moved}";
                    }
                }

                arms.Add($"SELECT {Number(run.Id)}, {table.Key} FROM {table.Of(run.Id)}{filter}");
                if (index == 0)
                {
                    // Invoicing a row moves its entry from unbilled to billed in every table that holds it: a run being
                    // merged and its target can both hold a copy until the source's table is dropped. A trigger per
                    // table, its WHEN naming the rows the run covers: the WHEN of the others is all a row costs them.
                    triggers.Add($"""
                        CREATE TRIGGER {Trigger}{Number(run.Id)} AFTER UPDATE OF invoice_id ON rated_usage
                        WHEN OLD.seq BETWEEN {Number(run.Lo)} AND {Number(run.Hi)}
                        BEGIN
                            UPDATE {table.Of(run.Id)} SET unbilled = (NEW.invoice_id IS NULL)
                            WHERE account_id = OLD.account_id AND unbilled = (OLD.invoice_id IS NULL) AND period = OLD.period AND seq = OLD.seq;
                        END
                        """);
                }
            }

            var columns = "run, " + table.Key;
            var body = arms.Count == 0
                ? $"SELECT {string.Join(", ", columns.Split(", ").Select(_ => "NULL"))} WHERE 0"
                : string.Join("\nUNION ALL ", arms);
            await ExecuteAsync(connection, transaction, $"DROP VIEW IF EXISTS {table.Name}", cancellationToken);
            await ExecuteAsync(connection, transaction, $"CREATE VIEW {table.Name} ({columns}) AS {body}", cancellationToken);
        }

        var existing = new List<string>();
        await using (var list = NMcsDatabase.Command(connection, transaction, $"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'rated_usage' AND substr(name, 1, {Trigger.Length}) = '{Trigger}'"))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        foreach (var name in existing)
        {
            await ExecuteAsync(connection, transaction, $"DROP TRIGGER {name}", cancellationToken);
        }

        foreach (var trigger in triggers)
        {
            await ExecuteAsync(connection, transaction, trigger, cancellationToken);
        }
    }

    // The invoicing triggers' names: this and the run's number.
    private const string Trigger = "tr_rated_usage_invoiced_";

    /// <summary>
    /// A store written by an earlier build keeps its index entries in one table per index (with or without a run
    /// column): renames those aside, with the trigger and the list of runs of that layout, so the schema creates the
    /// new ones. Returns whether there was anything to move (see <see cref="MoveInAsync"/>).
    /// </summary>
    internal static async Task<bool> SetAsideSharedTablesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await NMcsDatabase.HasSchemaObjectAsync(connection, transaction, "table", "rated_usage_by_account", cancellationToken))
        {
            return false;
        }

        foreach (var table in Tables)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {table.Name} RENAME TO {table.Name}{Before}", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "DROP TRIGGER IF EXISTS tr_rated_usage_invoiced", cancellationToken);
        await ExecuteAsync(connection, transaction, "DROP TRIGGER IF EXISTS tr_rated_usage_invoiced_run", cancellationToken);
        await ExecuteAsync(connection, transaction, "DROP TABLE IF EXISTS ledger_runs", cancellationToken);
        return true;
    }

    /// <summary>
    /// Copies the entries of index tables set aside by <see cref="SetAsideSharedTablesAsync"/> into run 1 (they cover
    /// every row up to <c>ledger_index.upto</c>, once each, whichever run of theirs held them) and drops them.
    /// </summary>
    internal static async Task MoveInAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        long entries = 0;
        foreach (var table in Tables)
        {
            await CreateAsync(connection, transaction, table, 1, cancellationToken);
            entries = await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {table.Of(1)} ({table.Key}) SELECT {table.Key} FROM {table.Name}{Before} ORDER BY {table.Key}",
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
        else
        {
            foreach (var table in Tables)
            {
                await ExecuteAsync(connection, transaction, $"DROP TABLE {table.Of(1)}", cancellationToken);
            }
        }
    }

    private const string Before = "_before_runs";

    /// <summary>
    /// The level of a run of <paramref name="entries"/> written by a build that kept no levels: 0 below
    /// <see cref="Fanout"/> steps' worth, then one more per factor of <see cref="Fanout"/>.
    /// </summary>
    internal static int Level(long entries)
    {
        var level = 0;
        for (var size = (long)UsageLedger.TailRows * Fanout; entries >= size; size *= Fanout)
        {
            level++;
        }

        return level;
    }

    private static async Task CreateAsync(DbConnection connection, DbTransaction transaction, IndexTable table, long run, CancellationToken cancellationToken)
    {
        // A table of that number can only be left over from a run that is gone (numbers are taken above every listed
        // run): it holds nothing anyone reads.
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {table.Of(run)}", cancellationToken);
        await ExecuteAsync(connection, transaction, $"CREATE TABLE {table.Of(run)} ({table.Columns}, PRIMARY KEY ({table.Key})) WITHOUT ROWID", cancellationToken);
    }

    private static async Task<List<Run>> RunsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT run, lo, hi, entries, into_run, moving, moved, level FROM ledger_runs ORDER BY lo, hi DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new Run(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7)));
        }

        return runs;
    }

    private static Task<long> InsertRunAsync(DbConnection connection, DbTransaction transaction, Run run, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO ledger_runs (run, lo, hi, entries, moving, level) VALUES (@run, @lo, @hi, @entries, @moving, @level)",
            cancellationToken,
            ("@run", run.Id),
            ("@lo", run.Lo),
            ("@hi", run.Hi),
            ("@entries", run.Entries),
            ("@moving", run.Moving),
            ("@level", run.Level));

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

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record IndexTable(string Name, string Lead, string Key, string Source, string Columns)
    {
        // The key's columns by position in the SELECT from rated_usage: 1, 2, ...
        public string Positions => string.Join(", ", Enumerable.Range(1, Key.Split(',').Length));

        /// <summary>The table holding run <paramref name="run"/>'s entries of this index.</summary>
        public string Of(long run) => Name + "_" + Number(run);
    }

    // A run; Moving is the index (into Tables) a target run is copying, Moved the last leading key copied of it, Level
    // the level kept for it (null for a run of an earlier build: see LevelOf).
    private sealed record Run(long Id, long Lo, long Hi, long Entries, long? Into, int? Moving, string? Moved = null, int? Level = null)
    {
        /// <summary>The run's level: the one kept, or else the one its size gives.</summary>
        public int LevelOf => Level ?? LedgerRuns.Level(Entries);
    }
}
