using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

/// <summary>
/// The ledger's own account and SIM indexes (<c>rated_usage_by_account</c>, <c>rated_usage_by_sim</c>), filled in bulk
/// up to <c>ledger_index.upto</c>, with the newer rows (the tail) read from the table: readers see every row once
/// whichever side of the mark it is on, invoicing keeps the account index exact, and stores of earlier builds move over.
/// </summary>
public sealed class RatedUsageIndexTests : StoreTest
{
    private UsageLedger _ledger = null!;

    protected override Task OnStoreReadyAsync()
    {
        _ledger = new UsageLedger(Db.Database);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_insert_touches_only_b_trees_it_appends_to()
    {
        // The table (seq) and the record id key; the partial invoice index only holds invoiced rows. Products are
        // found through ledger_product_periods, written once per append.
        var indexes = await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rated_usage' ORDER BY name");
        Assert.Equal(["ix_rated_usage_invoice", "sqlite_autoindex_rated_usage_1"], indexes);
        var partial = await Db.ScalarsAsync("SELECT sql FROM sqlite_master WHERE name = 'ix_rated_usage_invoice'");
        Assert.Contains("WHERE invoice_id IS NOT NULL", partial[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT seq FROM rated_usage_by_account WHERE account_id = 'ACC-1' AND unbilled IN (0, 1) AND period = '2026-03'", "USING PRIMARY KEY (account_id=? AND unbilled=? AND period=?)")]
    [InlineData("SELECT seq FROM rated_usage_by_account WHERE account_id IN ('ACC-1', 'ACC-2', 'ACC-3') AND unbilled IN (0, 1) AND period = '2026-03'", "USING PRIMARY KEY (account_id=? AND unbilled=? AND period=?)")]
    [InlineData("SELECT seq FROM rated_usage_by_sim WHERE iccid = '8949000000000000001'", "USING PRIMARY KEY (iccid=?)")]
    [InlineData("UPDATE rated_usage_by_account_1 SET unbilled = 0 WHERE account_id = 'a' AND unbilled = 1 AND period = '2026-03' AND seq = 7", "USING PRIMARY KEY (account_id=? AND unbilled=? AND period=? AND seq=?)")]
    [InlineData("SELECT seq FROM rated_usage WHERE seq > (SELECT upto FROM ledger_index WHERE name = 'rated_usage') AND account_id = 'a'", "USING INTEGER PRIMARY KEY (rowid>?)")]
    [InlineData("SELECT record_id, amount FROM rated_usage WHERE invoice_id = 'inv-1'", "ix_rated_usage_invoice")]
    [InlineData("SELECT record_id, amount FROM rated_usage WHERE " + LedgerProductPeriods.RowsOf, "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)")]
    public async Task Each_part_of_a_reader_is_a_search_not_a_scan(string sql, string expected)
    {
        // Sixteen runs of three rows (one per account, on three SIMs), merging: the account index is copied up to
        // ACC-2, so the views have complete runs, a target and sources showing only their entries not copied yet.
        for (var step = 0; step < LedgerRuns.Fanout; step++)
        {
            await _ledger.AppendAsync([.. Enumerable.Range(1, 3).Select(i => Row($"s{step:D2}-{i}", accountId: $"ACC-{i}", iccid: $"894900000000000000{i}"))]);
            await _ledger.IndexNowAsync();
        }

        Assert.True(await _ledger.MergeNowAsync(1));
        Assert.Equal(["ACC-2"], await Db.ScalarsAsync("SELECT moved FROM ledger_runs WHERE moving = 0"));

        var plan = string.Join("\n", await Db.ScalarsAsync("EXPLAIN QUERY PLAN " + sql, column: 3));

        Assert.Contains(expected, plan, StringComparison.Ordinal);

        // The list of runs is a scan of a table of a few dozen rows at most; nothing else is.
        Assert.DoesNotContain("SCAN", plan.Replace("SCAN ledger_runs", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_products_cycle_is_read_from_the_range_its_appends_wrote_whatever_else_lies_between()
    {
        // seq 1 and 2: one append with both products; seq 3: the other product alone; seq 4 and 5: a late record of
        // February, then March again. A replay writes nothing and widens nothing.
        await _ledger.AppendAsync([Row("r1"), Row("x1") with { ProductId = "OTHER" }]);
        await _ledger.AppendAsync([Row("x2") with { ProductId = "OTHER" }]);
        await _ledger.AppendAsync([Row("late1", period: "2026-02"), Row("r2")]);
        Assert.Equal(["r1"], await _ledger.AppendAsync([Row("r1")]));

        // A pair's range is the first to the last seq of every append that carried it.
        Assert.Equal(
            ["IOT-1GB 2026-02 4 5", "IOT-1GB 2026-03 1 5", "OTHER 2026-03 1 3"],
            await Db.ScalarsAsync("SELECT product_id || ' ' || period || ' ' || first_seq || ' ' || last_seq FROM ledger_product_periods ORDER BY 1"));

        // The range holds other rows too: the product and period filter them out.
        Assert.Equal(["r1", "r2"], (await _ledger.ForProductAsync("IOT-1GB", "2026-03")).Select(r => r.RecordId));
        Assert.Equal(["late1"], (await _ledger.ForProductAsync("IOT-1GB", "2026-02")).Select(r => r.RecordId));
        Assert.Equal(["x1", "x2"], (await _ledger.ForProductAsync("OTHER", "2026-03")).Select(r => r.RecordId));
        Assert.Empty(await _ledger.ForProductAsync("OTHER", "2026-02"));
        Assert.Empty(await _ledger.ForProductAsync("NONE", "2026-03"));
    }

    [Fact]
    public async Task A_store_with_the_product_index_of_earlier_builds_gets_its_ranges_on_start()
    {
        await _ledger.AppendAsync([Row("r1"), Row("x1") with { ProductId = "OTHER" }, Row("r2")]);
        await _ledger.AppendAsync([Row("late1", period: "2026-02")]);

        // What a store of an earlier build has: the index, and no ranges.
        await Db.ExecuteAsync("DELETE FROM ledger_product_periods");
        await Db.ExecuteAsync("CREATE INDEX ix_rated_usage_product ON rated_usage (product_id, period)");
        await Db.ReopenAsync();
        _ledger = new UsageLedger(Db.Database);

        Assert.Equal(
            ["IOT-1GB 2026-02 4 4", "IOT-1GB 2026-03 1 3", "OTHER 2026-03 2 2"],
            await Db.ScalarsAsync("SELECT product_id || ' ' || period || ' ' || first_seq || ' ' || last_seq FROM ledger_product_periods ORDER BY 1"));
        Assert.Empty(await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE name = 'ix_rated_usage_product'"));
        Assert.Equal(["r1", "r2"], (await _ledger.ForProductAsync("IOT-1GB", "2026-03")).Select(r => r.RecordId));

        // A later start leaves the ranges as appends keep them.
        await _ledger.AppendAsync([Row("r3")]);
        await Db.ReopenAsync();
        Assert.Equal(["IOT-1GB 2026-03 1 5"], await Db.ScalarsAsync("SELECT product_id || ' ' || period || ' ' || first_seq || ' ' || last_seq FROM ledger_product_periods WHERE period = '2026-03' AND product_id = 'IOT-1GB'"));
    }

    [Fact]
    public async Task Readers_see_each_row_once_before_and_after_it_is_indexed()
    {
        await _ledger.AppendAsync([Row("a1", billableMb: 1m), Row("a2", iccid: SimB, billableMb: 2m), Row("b1", accountId: "ACC-2", iccid: SimB, billableMb: 4m)]);
        Assert.Equal(0, await UptoAsync());
        var before = await ReadAllAsync();

        Assert.Equal(3, await _ledger.IndexNowAsync());
        Assert.Equal(3, await UptoAsync());
        Assert.Equal(3, await Db.CountAsync("rated_usage_by_account"));
        Assert.Equal(3, await Db.CountAsync("rated_usage_by_sim"));
        Assert.Equal(before, await ReadAllAsync());

        // One more row in the tail: found next to the indexed ones, none of them twice.
        await _ledger.AppendAsync([Row("a3", billableMb: 8m, occurredAt: March10.AddHours(1))]);
        var after = await ReadAllAsync();
        Assert.Equal(["a1", "a2", "a3"], after.Unbilled);
        Assert.Equal(["a3", "a1"], after.SimA);

        // Counters of ACC-1's March: 1 + 2 + 8 MB at 0.02 = 0.02 + 0.04 + 0.16 = 0.22.
        Assert.Equal(0.22m, after.CycleAmount);
        Assert.Equal(0.06m, before.CycleAmount); // 0.02 + 0.04 before a3
    }

    [Fact]
    public async Task Invoicing_takes_a_row_out_of_unbilled_whether_it_is_indexed_or_in_the_tail()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2")]);
        await _ledger.IndexNowAsync();
        await _ledger.AppendAsync([Row("r3")]);

        // What InvoiceStore does when it issues an invoice: one stamped indexed row, one stamped tail row.
        await Db.ExecuteAsync("UPDATE rated_usage SET invoice_id = 'INV-1' WHERE record_id IN ('r1', 'r3')");

        Assert.Equal(["r2"], (await _ledger.UnbilledAsync("ACC-1")).Select(r => r.RecordId));
        Assert.Equal([(0L, 1L), (1L, 2L)], await AccountEntriesAsync());

        // r3's entry, written later, is billed from the start.
        await _ledger.IndexNowAsync();
        Assert.Equal([(0L, 1L), (0L, 3L), (1L, 2L)], await AccountEntriesAsync());
        Assert.Equal(["r2"], (await _ledger.UnbilledAsync("ACC-1")).Select(r => r.RecordId));

        // The cycle's counters still hold all three: 3 x 5 MB x 0.02 = 0.30.
        Assert.Equal(0.30m, (await _ledger.CountersAsync("ACC-1", "2026-03")).Sum(c => c.Amount));
    }

    [Fact]
    public async Task Counters_of_many_accounts_are_what_each_account_reads_alone_from_runs_and_tail()
    {
        // 600 accounts (chunks of 500 and 100), account i with i % 3 records of 1 MB in March in an indexed run, one
        // more in the tail for every fifth account, and one April record each that March must not count.
        var accounts = Enumerable.Range(0, 600).Select(i => "ACC-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await _ledger.AppendAsync(accounts.SelectMany((a, i) => Enumerable.Range(0, i % 3).Select(k => Row($"{a}-m{k}", accountId: a, billableMb: 1m))).ToList());
        await _ledger.IndexNowAsync();
        await _ledger.AppendAsync(accounts.Where((_, i) => i % 5 == 0).Select(a => Row(a + "-tail", accountId: a, billableMb: 2m, iccid: SimB)).ToList());
        await _ledger.AppendAsync(accounts.Select(a => Row(a + "-april", accountId: a, period: "2026-04", occurredAt: March10.AddMonths(1))).ToList());

        var many = await _ledger.CountersAsync([.. accounts, "ACC-none"], "2026-03");

        foreach (var account in accounts)
        {
            var alone = await _ledger.CountersAsync(account, "2026-03");
            Assert.Equal(alone.OrderBy(c => c.Counters).ThenBy(c => c.Iccid), (many.GetValueOrDefault(account) ?? []).OrderBy(c => c.Counters).ThenBy(c => c.Iccid));
        }

        // Account 5: 2 records of 1 MB (0.02 each) and a tail record of 2 MB (0.04) = 0.08; account 3: none in March.
        Assert.Equal(0.08m, many["ACC-5"].Sum(c => c.Amount));
        Assert.Equal([SimA, SimA, SimB], many["ACC-5"].Select(c => c.Iccid).Order());
        Assert.False(many.ContainsKey("ACC-3"));
        Assert.Equal(accounts.Count(a => int.Parse(a[4..], System.Globalization.CultureInfo.InvariantCulture) is var i && (i % 3 > 0 || i % 5 == 0)), many.Count);
    }

    [Fact]
    public async Task A_reader_facing_a_long_tail_has_it_indexed_first()
    {
        var rows = Enumerable.Range(0, UsageLedger.ReaderTailRows + 1).Select(i => Row("t" + i, billableMb: 1m)).ToList();
        await _ledger.AppendAsync(rows);
        Assert.Equal(0, await UptoAsync());

        var counters = await _ledger.CountersAsync("ACC-1", "2026-03");

        Assert.Equal(rows.Count, counters.Count);
        Assert.Equal(rows.Count, await UptoAsync());
    }

    [Fact]
    public async Task An_append_that_makes_the_tail_long_enough_indexes_it_in_its_own_transaction()
    {
        await _ledger.AppendAsync(Enumerable.Range(0, UsageLedger.TailRows - 1).Select(i => Row("t" + i, iccid: i % 2 == 0 ? SimA : SimB)).ToList());
        Assert.Equal(0, await UptoAsync());

        await _ledger.AppendAsync([Row("last")]);

        Assert.Equal(UsageLedger.TailRows, await UptoAsync());
        Assert.Equal(UsageLedger.TailRows, await Db.CountAsync("rated_usage_by_account"));
        Assert.Equal(UsageLedger.TailRows, await Db.CountAsync("rated_usage_by_sim"));
        Assert.Equal((UsageLedger.TailRows - 1) / 2, (await _ledger.ForSimAsync(SimB, int.MaxValue)).Count); // t1, t3, ... t32765
    }

    [Fact]
    public async Task A_restart_indexes_what_the_last_run_left_in_the_tail()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2")]);

        await Db.ReopenAsync();

        Assert.Equal(2, await UptoAsync());
        Assert.Equal(2, await Db.CountAsync("rated_usage_by_sim"));
    }

    [Fact]
    public async Task A_store_of_an_earlier_build_gets_seq_and_the_ledger_indexes_on_start()
    {
        // The layout before seq: record_id the primary key, account and SIM indexes on the table itself.
        foreach (var sql in (string[])[
            "DROP TRIGGER IF EXISTS tr_rated_usage_invoiced_run",
            "DROP TABLE rated_usage",
            "DROP VIEW rated_usage_by_account",
            "DROP VIEW rated_usage_by_sim",
            "DROP TABLE ledger_index",
            "DROP TABLE ledger_runs",
            """
            CREATE TABLE rated_usage (
                record_id TEXT NOT NULL PRIMARY KEY, iccid TEXT NOT NULL, account_id TEXT NOT NULL, period TEXT NOT NULL,
                service TEXT NOT NULL, quantity TEXT NOT NULL, unit TEXT NOT NULL, occurred_at TEXT NOT NULL,
                product_id TEXT NOT NULL, product_version INTEGER NOT NULL, rate_unit TEXT NOT NULL, units TEXT NOT NULL,
                included_units TEXT NOT NULL, billable_units TEXT NOT NULL, price_per_unit TEXT NOT NULL, amount TEXT NOT NULL,
                rounded_amount TEXT NOT NULL, currency TEXT NOT NULL, steps TEXT NOT NULL, rated_at TEXT NOT NULL,
                counters TEXT NOT NULL, duration_seconds REAL NULL, destination TEXT NULL, visited_network TEXT NULL,
                charges TEXT NOT NULL, invoice_id TEXT NULL)
            """,
            "CREATE INDEX ix_rated_usage_account_period ON rated_usage (account_id, period, invoice_id)",
            "CREATE INDEX ix_rated_usage_sim ON rated_usage (iccid, period)",
            "CREATE INDEX ix_rated_usage_account ON rated_usage (account_id, invoice_id)",
        ])
        {
            await Db.ExecuteAsync(sql);
        }

        // Written in this order (not the ids' order), the last one already invoiced.
        foreach (var (id, invoice) in new (string, string?)[] { ("z1", null), ("a2", null), ("m3", "INV-9") })
        {
            await Db.ExecuteAsync(
                """
                INSERT INTO rated_usage (record_id, iccid, account_id, period, service, quantity, unit, occurred_at, product_id, product_version,
                    rate_unit, units, included_units, billable_units, price_per_unit, amount, rounded_amount, currency, steps, rated_at,
                    counters, charges, invoice_id)
                VALUES (@id, @iccid, 'ACC-1', '2026-03', 'Data', '1048576', 'B', '2026-03-10T08:00:00.0000000+00:00', 'IOT-1GB', 1,
                    'MB', '1', '0', '1', '0.02', '0.02', '0.02', 'EUR', 'billable 1 x 0.02 EUR = 0.02', '2026-03-10T08:00:01.0000000+00:00',
                    '', '', @invoice)
                """,
                ("@id", id),
                ("@iccid", SimA),
                ("@invoice", invoice));
        }

        await Db.ReopenAsync();
        _ledger = new UsageLedger(Db.Database);

        Assert.Equal(["1 z1", "2 a2", "3 m3"], await Db.ScalarsAsync("SELECT seq || ' ' || record_id FROM rated_usage ORDER BY seq"));
        Assert.Equal(3, await UptoAsync());
        Assert.Equal([(0L, 3L), (1L, 1L), (1L, 2L)], await AccountEntriesAsync());
        Assert.Equal(["ix_rated_usage_invoice", "sqlite_autoindex_rated_usage_1"], await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rated_usage' ORDER BY name"));
        Assert.Equal(["IOT-1GB 2026-03 1 3"], await Db.ScalarsAsync("SELECT product_id || ' ' || period || ' ' || first_seq || ' ' || last_seq FROM ledger_product_periods"));
        Assert.Equal(["a2", "m3", "z1"], (await _ledger.ForProductAsync("IOT-1GB", "2026-03")).Select(r => r.RecordId));
        Assert.Empty(await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE name = 'rated_usage_before_seq'"));
        Assert.Equal(["z1", "a2"], (await _ledger.UnbilledAsync("ACC-1")).Select(r => r.RecordId).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(3, (await _ledger.ForSimAsync(SimA, 10)).Count);

        // The unique record id still refuses a replay.
        Assert.Equal(["a2"], await _ledger.AppendAsync([Row("a2")]));
    }

    private async Task<Snapshot> ReadAllAsync() => new(
        [.. (await _ledger.UnbilledAsync("ACC-1")).Select(r => r.RecordId)],
        [.. (await _ledger.ForSimAsync(SimA, 10)).Select(r => r.RecordId)],
        (await _ledger.CountersAsync("ACC-1", "2026-03")).Sum(c => c.Amount));

    private sealed record Snapshot(List<string> Unbilled, List<string> SimA, decimal CycleAmount)
    {
        public bool Equals(Snapshot? other) =>
            other is not null && Unbilled.SequenceEqual(other.Unbilled) && SimA.SequenceEqual(other.SimA) && CycleAmount == other.CycleAmount;

        public override int GetHashCode() => CycleAmount.GetHashCode();
    }

    private async Task<long> UptoAsync() => long.Parse((await Db.ScalarsAsync("SELECT CAST(upto AS TEXT) FROM ledger_index WHERE name = 'rated_usage'"))[0], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<(long Unbilled, long Seq)>> AccountEntriesAsync() =>
        [.. (await Db.ScalarsAsync("SELECT unbilled || ' ' || seq FROM rated_usage_by_account WHERE account_id = 'ACC-1' ORDER BY unbilled, seq"))
            .Select(s => s.Split(' '))
            .Select(p => (long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))];
}
