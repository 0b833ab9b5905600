using System.Globalization;
using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

/// <summary>
/// The ledger's account and SIM indexes as sorted runs (<see cref="LedgerRuns"/>): each bulk step is a run, adjacent
/// runs of a level merge a chunk per step, and at every step in between readers see every row exactly once and
/// invoicing finds the entry in whichever run holds it.
/// </summary>
public sealed class LedgerRunsTests : StoreTest
{
    private static readonly string[] Accounts = ["ACC-1", "ACC-2", "ACC-3", "ACC-4", "ACC-5"];

    // What this build keeps of a store with one run (run 1): its trigger, the views, its tables and the list of runs.
    private static readonly string[] DropRunOne =
    [
        "DROP TRIGGER tr_rated_usage_invoiced_1",
        "DROP VIEW rated_usage_by_account",
        "DROP VIEW rated_usage_by_sim",
        "DROP TABLE rated_usage_by_account_1",
        "DROP TABLE rated_usage_by_sim_1",
        "DROP TABLE ledger_runs",
    ];

    private UsageLedger _ledger = null!;

    protected override Task OnStoreReadyAsync()
    {
        _ledger = new UsageLedger(Db.Database);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(UsageLedger.TailRows * (long)LedgerRuns.Fanout - 1, 0)]
    [InlineData(UsageLedger.TailRows * (long)LedgerRuns.Fanout, 1)]
    [InlineData(UsageLedger.TailRows * (long)LedgerRuns.Fanout * LedgerRuns.Fanout - 1, 1)]
    [InlineData(UsageLedger.TailRows * (long)LedgerRuns.Fanout * LedgerRuns.Fanout, 2)]
    public void A_runs_level_is_its_size_in_powers_of_the_fanout(long entries, int level) =>
        Assert.Equal(level, LedgerRuns.Level(entries));

    [Fact]
    public async Task Sixteen_steps_merge_into_one_run_and_readers_see_each_row_once_at_every_step_of_the_merge()
    {
        var written = new List<(string Id, string Account, string Iccid, decimal Mb)>();
        var invoiced = new HashSet<string>(StringComparer.Ordinal);
        var sawMerging = false;
        var step = 0;
        for (; step < 60; step++)
        {
            // Five rows a step: one per account, on two SIMs, 1 + step MB each.
            var rows = Accounts.Select((account, j) => (Id: $"s{step:D2}-{j}", Account: account, Iccid: j % 2 == 0 ? SimA : SimB, Mb: 1m + step)).ToList();
            await _ledger.AppendAsync([.. rows.Select(r => Row(r.Id, accountId: r.Account, iccid: r.Iccid, billableMb: r.Mb))]);
            written.AddRange(rows);
            Assert.Equal(rows.Count, await _ledger.IndexNowAsync());

            // The merge work these five rows owe (appends pay it a chunk of MergeChunk rows at a time).
            await _ledger.MergeNowAsync(rows.Count);

            // Mid-merge, invoice one row of ACC-1 that is already indexed: its entry moves to billed in whichever run.
            var merging = await CountAsync("SELECT count(*) FROM ledger_runs WHERE into_run IS NOT NULL") > 0;
            if (merging && !sawMerging)
            {
                sawMerging = true;
                await Db.ExecuteAsync("UPDATE rated_usage SET invoice_id = 'INV-1' WHERE record_id IN ('s00-0', 's05-0')");
                invoiced.UnionWith(["s00-0", "s05-0"]);
            }

            await AssertReadersSeeEveryRowOnceAsync(written, invoiced);
            if (sawMerging && !merging)
            {
                break;
            }
        }

        Assert.True(sawMerging, "16 runs of one level should have started a merge");
        Assert.True(step < 60, "the merge should have finished within the 60 steps");

        // The sixteen first runs are one now; the runs written during the merge are still on their own.
        var runs = await Db.ScalarsAsync("SELECT lo || '-' || hi || ':' || entries FROM ledger_runs ORDER BY lo");
        Assert.Equal($"1-{LedgerRuns.Fanout * Accounts.Length}:{LedgerRuns.Fanout * Accounts.Length}", runs[0]);
        Assert.Equal(step + 1 - LedgerRuns.Fanout, runs.Count - 1);
        Assert.Equal(written.Count, await CountAsync("SELECT count(*) FROM rated_usage_by_account"));
        Assert.Equal(written.Count, await CountAsync("SELECT count(*) FROM rated_usage_by_sim"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM rated_usage_by_account WHERE run NOT IN (SELECT run FROM ledger_runs)"));

        // Invoicing a merged entry still finds it.
        await Db.ExecuteAsync("UPDATE rated_usage SET invoice_id = 'INV-2' WHERE record_id = 's01-0'");
        invoiced.Add("s01-0");
        await AssertReadersSeeEveryRowOnceAsync(written, invoiced);
    }

    [Fact]
    public async Task Readers_beside_index_steps_and_merges_see_every_committed_row_once()
    {
        // One task appends five rows a step (one per account, all on SIM A), then indexes them as a run and does their
        // share of merging: runs and their tables come and go and the views and triggers are written again, 40 times,
        // while two readers read the whole time.
        var committed = 0;
        var writing = 0;
        var reading = new CountdownEvent(2);
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            do
            {
                // Rows committed before the read began are all seen, once each; rows of an append under way may be.
                var atLeast = Volatile.Read(ref committed);
                var sim = await _ledger.ForSimAsync(SimA, int.MaxValue);
                var cycle = await _ledger.CountersAsync(Accounts, "2026-03");
                var atMost = Volatile.Read(ref writing);
                Assert.InRange(sim.Count, atLeast, atMost);
                Assert.Equal(sim.Count, sim.Select(r => r.RecordId).Distinct(StringComparer.Ordinal).Count());
                Assert.InRange(cycle.Values.Sum(rows => rows.Count), atLeast, atMost);
                if (reads++ == 0)
                {
                    reading.Signal();
                }
            }
            while (!done.IsCancellationRequested);

            return reads;
        })).ToArray();

        // The writer starts once both readers are reading.
        Assert.True(reading.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            for (var step = 0; step < 40; step++)
            {
                Volatile.Write(ref writing, (step + 1) * Accounts.Length);
                await _ledger.AppendAsync([.. Accounts.Select((account, i) => Row($"c{step:D2}-{i}", accountId: account))]);
                Volatile.Write(ref committed, (step + 1) * Accounts.Length);
                await _ledger.IndexNowAsync();
                await _ledger.MergeNowAsync(Accounts.Length);
            }
        }
        finally
        {
            await done.CancelAsync();
        }

        await Task.WhenAll(readers);

        // Meanwhile the first sixteen runs were merged into one of level 1, and the next sixteen into another: a merged
        // run is not merged again with runs of level 0, however small it is.
        var runs = await Db.ScalarsAsync("SELECT lo || '-' || hi || coalesce('>' || into_run, '') FROM ledger_runs ORDER BY lo, hi DESC");
        Assert.Equal(["1-80", "81-160", .. Enumerable.Range(32, 8).Select(r => $"{(5 * r) + 1}-{(5 * r) + 5}")], runs);
        Assert.Equal(["1", "1", .. Enumerable.Repeat("0", 8)], await Db.ScalarsAsync("SELECT level FROM ledger_runs ORDER BY lo"));
        Assert.Equal(200, (await _ledger.ForSimAsync(SimA, int.MaxValue)).Count);
    }

    [Fact]
    public async Task Runs_of_a_build_without_levels_keep_the_level_their_size_gives()
    {
        // Sixteen runs of one row, merged: a run of level 1 in this build.
        for (var step = 0; step < LedgerRuns.Fanout; step++)
        {
            await _ledger.AppendAsync([Row($"s{step:D2}")]);
            await _ledger.IndexNowAsync();
        }

        Assert.True(await _ledger.MergeNowAsync(LedgerRuns.Fanout));
        Assert.False(await _ledger.MergeNowAsync(LedgerRuns.Fanout));
        Assert.Equal(["1 1-16"], await Db.ScalarsAsync("SELECT level || ' ' || lo || '-' || hi FROM ledger_runs"));

        // The store as an earlier build left it: no level column. Reopened, its run has no level kept, so its size
        // (16 entries, level 0) says what it is, and fifteen more runs merge with it as those builds did.
        await Db.ExecuteAsync("ALTER TABLE ledger_runs DROP COLUMN level");
        await Db.ReopenAsync();
        _ledger = new UsageLedger(Db.Database);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_runs WHERE level IS NULL"));
        for (var step = LedgerRuns.Fanout; step < 2 * LedgerRuns.Fanout - 1; step++)
        {
            await _ledger.AppendAsync([Row($"s{step:D2}")]);
            await _ledger.IndexNowAsync();
        }

        while (await _ledger.MergeNowAsync(LedgerRuns.Fanout))
        {
        }

        Assert.Equal(["1 1-31"], await Db.ScalarsAsync("SELECT level || ' ' || lo || '-' || hi FROM ledger_runs"));
        Assert.Equal(2 * LedgerRuns.Fanout - 1, (await _ledger.ForSimAsync(SimA, int.MaxValue)).Count);
    }

    [Fact]
    public async Task Appends_pay_for_merging_once_a_chunk_of_rows_is_owed()
    {
        for (var step = 0; step < LedgerRuns.Fanout; step++)
        {
            await _ledger.AppendAsync([Row($"s{step:D2}-a"), Row($"s{step:D2}-b", accountId: "ACC-2", iccid: SimB)]);
            await _ledger.IndexNowAsync();
        }

        // Sixteen runs of two rows: 32 rows owe less than a chunk, so nothing merged yet.
        Assert.Equal(LedgerRuns.Fanout, await CountAsync("SELECT count(*) FROM ledger_runs"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM ledger_runs WHERE into_run IS NOT NULL"));

        // One append of a chunk's worth pays for the whole merge (2 x 16 = 32 entries per index).
        await _ledger.AppendAsync([.. Enumerable.Range(0, UsageLedger.MergeChunk).Select(i => Row($"c{i}", accountId: "ACC-3"))]);

        Assert.Equal([$"1-{2 * LedgerRuns.Fanout}:{2 * LedgerRuns.Fanout}"], await Db.ScalarsAsync("SELECT lo || '-' || hi || ':' || entries FROM ledger_runs"));
        Assert.Equal(LedgerRuns.Fanout, (await _ledger.UnbilledAsync("ACC-2")).Count);
        Assert.Equal(LedgerRuns.Fanout, (await _ledger.ForSimAsync(SimB, int.MaxValue)).Count);
        Assert.Equal(LedgerRuns.Fanout + UsageLedger.MergeChunk, (await _ledger.ForSimAsync(SimA, int.MaxValue)).Count);
    }

    [Fact]
    public async Task A_chunk_moves_about_its_budget_even_when_each_run_holds_a_different_slice_of_the_keys()
    {
        // Each step's rows on SIMs of their own (a ledger fed SIM by SIM does this), the last run the largest and on
        // the highest SIMs: a bound taken from one source alone would sweep the other fifteen whole into one chunk.
        for (var step = 0; step < LedgerRuns.Fanout; step++)
        {
            var count = step == LedgerRuns.Fanout - 1 ? 30 : 20;
            await _ledger.AppendAsync([.. Enumerable.Range(0, count).Select(i => Row($"s{step:D2}-{i:D2}", iccid: $"89490000000{step:D2}{i:D6}"))]);
            await _ledger.IndexNowAsync();
        }

        // 40 rows' worth of merging is a budget of 40 entries per index, 80 in all. The account index goes first: all
        // 330 entries share one account, so they are one chunk whatever the budget.
        Assert.True(await _ledger.MergeNowAsync(40));
        var target = await CountAsync("SELECT max(run) FROM ledger_runs");
        Assert.Equal(15 * 20 + 30, await CountAsync($"SELECT count(*) FROM rated_usage_by_account WHERE run = {target}"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM rated_usage_by_sim WHERE run = {target}"));

        // The next 40 rows' worth goes to the SIM index: about 80 entries, a share of 80 / 16 = 5 keys from each source.
        Assert.True(await _ledger.MergeNowAsync(40));
        var moved = await CountAsync($"SELECT count(*) FROM rated_usage_by_sim WHERE run = {target}");
        Assert.InRange(moved, 1, 2 * 80);
        Assert.Equal(15 * 20 + 30, await CountAsync("SELECT count(*) FROM rated_usage_by_account"));
        Assert.Equal(15 * 20 + 30, await CountAsync("SELECT count(*) FROM rated_usage_by_sim"));
        Assert.Single(await _ledger.ForSimAsync("8949000000000000007", 10)); // step 0's 8th SIM, moved or not
        Assert.Single(await _ledger.ForSimAsync("8949000000015000029", 10)); // the last run's last SIM, not moved yet
    }

    [Fact]
    public async Task A_store_whose_indexes_have_no_runs_gets_them_as_one_run_on_start()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2", accountId: "ACC-2", iccid: SimB), Row("r3", iccid: SimB)]);
        await _ledger.IndexNowAsync();
        await _ledger.AppendAsync([Row("r4")]);

        // The layout before runs: the same entries without the run column, the trigger searching by account alone.
        foreach (var sql in (string[])[
            "CREATE TABLE old_account AS SELECT account_id, unbilled, period, seq FROM rated_usage_by_account",
            "CREATE TABLE old_sim AS SELECT iccid, seq FROM rated_usage_by_sim",
            .. DropRunOne,
            "CREATE TABLE rated_usage_by_account (account_id TEXT NOT NULL, unbilled INTEGER NOT NULL, period TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (account_id, unbilled, period, seq)) WITHOUT ROWID",
            "CREATE TABLE rated_usage_by_sim (iccid TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (iccid, seq)) WITHOUT ROWID",
            "INSERT INTO rated_usage_by_account SELECT * FROM old_account",
            "INSERT INTO rated_usage_by_sim SELECT * FROM old_sim",
            "DROP TABLE old_account",
            "DROP TABLE old_sim",
            """
            CREATE TRIGGER tr_rated_usage_invoiced AFTER UPDATE OF invoice_id ON rated_usage
            BEGIN
                UPDATE rated_usage_by_account SET unbilled = (NEW.invoice_id IS NULL)
                WHERE account_id = OLD.account_id AND unbilled = (OLD.invoice_id IS NULL) AND period = OLD.period AND seq = OLD.seq;
            END
            """,
        ])
        {
            await Db.ExecuteAsync(sql);
        }

        await Db.ReopenAsync();
        _ledger = new UsageLedger(Db.Database);

        // Run 1 holds the three entries indexed before; r4 (the tail then) was indexed on start as run 2.
        Assert.Equal(["1 1-3:3", "2 4-4:1"], await Db.ScalarsAsync("SELECT run || ' ' || lo || '-' || hi || ':' || entries FROM ledger_runs ORDER BY run"));
        Assert.Equal(["1 ACC-1 1", "1 ACC-1 3", "1 ACC-2 2", "2 ACC-1 4"], await Db.ScalarsAsync("SELECT run || ' ' || account_id || ' ' || seq FROM rated_usage_by_account ORDER BY run, account_id, seq"));
        Assert.Empty(await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE name LIKE '%before_runs' OR name = 'tr_rated_usage_invoiced'"));

        await Db.ExecuteAsync("UPDATE rated_usage SET invoice_id = 'INV-1' WHERE record_id = 'r3'");
        Assert.Equal(["r1", "r4"], (await _ledger.UnbilledAsync("ACC-1")).Select(r => r.RecordId).Order(StringComparer.Ordinal));
        Assert.Equal(["r2", "r3"], (await _ledger.ForSimAsync(SimB, 10)).Select(r => r.RecordId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_store_whose_runs_share_one_table_per_index_gets_them_as_one_run_on_start_even_mid_merge()
    {
        // Five rows indexed, a sixth in the tail.
        await _ledger.AppendAsync([Row("r1"), Row("r2", accountId: "ACC-2", iccid: SimB), Row("r3", iccid: SimB), Row("r4"), Row("r5", accountId: "ACC-2")]);
        await _ledger.IndexNowAsync();
        await _ledger.AppendAsync([Row("r6")]);

        // The layout of the build before: every run's entries in one table per index, the run leading the key, here
        // in the middle of merging runs 1 (rows 1-2) and 2 (rows 3-4) into run 3, which has row 1's entries already;
        // run 4 (row 5) is complete. Row 3 is invoiced, its entry billed.
        foreach (var sql in (string[])[
            .. DropRunOne,
            "CREATE TABLE ledger_runs (run INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL, entries INTEGER NOT NULL, into_run INTEGER NULL)",
            "INSERT INTO ledger_runs VALUES (1, 1, 2, 2, 3), (2, 3, 4, 2, 3), (3, 1, 4, 4, NULL), (4, 5, 5, 1, NULL)",
            "CREATE TABLE rated_usage_by_account (run INTEGER NOT NULL, account_id TEXT NOT NULL, unbilled INTEGER NOT NULL, period TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (run, account_id, unbilled, period, seq)) WITHOUT ROWID",
            "CREATE TABLE rated_usage_by_sim (run INTEGER NOT NULL, iccid TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (run, iccid, seq)) WITHOUT ROWID",
            "UPDATE rated_usage SET invoice_id = 'INV-1' WHERE record_id = 'r3'",
            "INSERT INTO rated_usage_by_account SELECT CASE seq WHEN 1 THEN 3 WHEN 2 THEN 1 WHEN 5 THEN 4 ELSE 2 END, account_id, invoice_id IS NULL, period, seq FROM rated_usage WHERE seq <= 5",
            "INSERT INTO rated_usage_by_sim SELECT CASE seq WHEN 1 THEN 3 WHEN 2 THEN 1 WHEN 5 THEN 4 ELSE 2 END, iccid, seq FROM rated_usage WHERE seq <= 5",
            """
            CREATE TRIGGER tr_rated_usage_invoiced_run AFTER UPDATE OF invoice_id ON rated_usage
            BEGIN
                UPDATE rated_usage_by_account SET unbilled = (NEW.invoice_id IS NULL)
                WHERE run IN (SELECT run FROM ledger_runs WHERE lo <= OLD.seq AND hi >= OLD.seq) AND account_id = OLD.account_id AND unbilled = (OLD.invoice_id IS NULL) AND period = OLD.period AND seq = OLD.seq;
            END
            """,
        ])
        {
            await Db.ExecuteAsync(sql);
        }

        await Db.ReopenAsync();
        _ledger = new UsageLedger(Db.Database);

        // Run 1 holds the five entries, each once; r6 (the tail then) was indexed on start as run 2.
        Assert.Equal(["1 1-5:5", "2 6-6:1"], await Db.ScalarsAsync("SELECT run || ' ' || lo || '-' || hi || ':' || entries FROM ledger_runs ORDER BY run"));
        Assert.Equal(
            ["1 ACC-1 0 3", "1 ACC-1 1 1", "1 ACC-1 1 4", "1 ACC-2 1 2", "1 ACC-2 1 5", "2 ACC-1 1 6"],
            await Db.ScalarsAsync("SELECT run || ' ' || account_id || ' ' || unbilled || ' ' || seq FROM rated_usage_by_account ORDER BY run, account_id, unbilled, seq"));
        Assert.Equal(["r2", "r3"], (await _ledger.ForSimAsync(SimB, 10)).Select(r => r.RecordId).Order(StringComparer.Ordinal));
        Assert.Empty(await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE name LIKE '%before_runs'"));
        Assert.Equal(
            ["tr_rated_usage_invoiced_1", "tr_rated_usage_invoiced_2"],
            await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"));

        // The new triggers find the moved entries.
        await Db.ExecuteAsync("UPDATE rated_usage SET invoice_id = 'INV-1' WHERE record_id IN ('r1', 'r6')");
        Assert.Equal(["r4"], (await _ledger.UnbilledAsync("ACC-1")).Select(r => r.RecordId));
        Assert.Equal(["r2", "r5"], (await _ledger.UnbilledAsync("ACC-2")).Select(r => r.RecordId).Order(StringComparer.Ordinal));
    }

    private async Task AssertReadersSeeEveryRowOnceAsync(List<(string Id, string Account, string Iccid, decimal Mb)> written, HashSet<string> invoiced)
    {
        foreach (var account in Accounts)
        {
            var mine = written.Where(w => w.Account == account).ToList();
            Assert.Equal(
                mine.Where(w => !invoiced.Contains(w.Id)).Select(w => w.Id).Order(StringComparer.Ordinal),
                (await _ledger.UnbilledAsync(account)).Select(r => r.RecordId).Order(StringComparer.Ordinal));

            // The cycle's usage charges: every row of the account, billed or not, at 0.02 per MB.
            Assert.Equal(mine.Sum(w => w.Mb * 0.02m), (await _ledger.CountersAsync(account, "2026-03")).Sum(c => c.Amount));
        }

        foreach (var iccid in (string[])[SimA, SimB])
        {
            Assert.Equal(
                written.Where(w => w.Iccid == iccid).Select(w => w.Id).Order(StringComparer.Ordinal),
                (await _ledger.ForSimAsync(iccid, int.MaxValue)).Select(r => r.RecordId).Order(StringComparer.Ordinal));
        }
    }

    private async Task<long> CountAsync(string sql) => long.Parse((await Db.ScalarsAsync($"SELECT CAST(({sql}) AS TEXT)"))[0], CultureInfo.InvariantCulture);
}
