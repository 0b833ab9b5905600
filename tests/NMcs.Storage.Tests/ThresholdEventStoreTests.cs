using NMcs.Rating.Thresholds;
using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

public sealed class ThresholdEventStoreTests : StoreTest
{
    private static readonly DateTimeOffset RaisedAt = new(2026, 3, 20, 9, 0, 0, TimeSpan.Zero);

    private UsageLedger _ledger = null!;
    private ThresholdEventStore _store = null!;

    protected override Task OnStoreReadyAsync()
    {
        _ledger = new UsageLedger(Db.Database);
        _store = new ThresholdEventStore(Db.Database);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Events_are_written_with_their_records_and_read_back_as_raised_keys_of_the_cycle()
    {
        var allowance = Event("r1", new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 80m), 800m);
        var credit = Event("r2", new ThresholdKey(ThresholdKind.CreditLimit, "", "", 10.00m, "EUR", 80m), 8.50m);

        var appended = await _ledger.AppendWithThresholdEventsAsync([Row("r1"), Row("r2")], [allowance, credit]);

        Assert.Empty(appended.Conflicts);
        Assert.Equal([allowance with { Sequence = 1 }, credit with { Sequence = 2 }], appended.RaisedEvents);
        Assert.Equal([allowance.Key, credit.Key], (await _store.RaisedAsync("ACC-1", "2026-03")).OrderBy(k => k.Kind));
        Assert.Empty(await _store.RaisedAsync("ACC-1", "2026-04"));
        Assert.Equal(appended.RaisedEvents, await _store.ListAsync(accountId: "ACC-1"));
    }

    [Fact]
    public async Task An_event_of_a_record_already_in_the_ledger_is_not_written()
    {
        // r1 is a duplicate: the counters that raised the event counted it twice, so the event must not exist.
        await _ledger.AppendAsync([Row("r1")]);
        var fromDuplicate = Event("r1", new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 80m), 800m);
        var fromNew = Event("r2", new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 100m), 1000m);

        var appended = await _ledger.AppendWithThresholdEventsAsync([Row("r1"), Row("r2")], [fromDuplicate, fromNew]);

        Assert.Equal(["r1"], appended.Conflicts);
        Assert.Equal([fromNew.EventId], appended.RaisedEvents.Select(e => e.EventId));
        Assert.Equal(1, await Db.CountAsync("threshold_events"));
    }

    [Fact]
    public async Task The_same_threshold_in_the_same_cycle_is_stored_once()
    {
        // 80 and 80.0 are the same percentage: same event id, the second insert is skipped.
        var first = Event("r1", new ThresholdKey(ThresholdKind.CreditLimit, "", "", 10m, "EUR", 80m), 8.50m);
        var again = Event("r2", new ThresholdKey(ThresholdKind.CreditLimit, "", "", 10.00m, "EUR", 80.0m), 9.00m);

        await _ledger.AppendWithThresholdEventsAsync([Row("r1")], [first]);
        var appended = await _ledger.AppendWithThresholdEventsAsync([Row("r2")], [again]);

        Assert.Equal(first.EventId, again.EventId);
        Assert.Empty(appended.RaisedEvents);
        Assert.Equal(8.50m, Assert.Single(await _store.ListAsync()).Value);
    }

    [Fact]
    public async Task Listing_filters_by_account_sim_kind_raised_time_and_sequence_in_the_raising_order()
    {
        var simAllowance = Event("r1", new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 80m), 800m);
        var later = Event("r2", new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 100m), 1000m) with { RaisedAt = RaisedAt.AddMinutes(5) };
        var otherAccount = Event("b1", new ThresholdKey(ThresholdKind.CreditLimit, "", "", 5m, "EUR", 100m), 5m, accountId: "ACC-2");
        await _ledger.AppendWithThresholdEventsAsync([Row("r1"), Row("r2"), Row("b1", accountId: "ACC-2", iccid: SimB)], [later, simAllowance, otherAccount]);

        // Listed in the order they were raised (the order given to the append), whatever their times.
        Assert.Equal(["r2", "r1", "b1"], (await _store.ListAsync()).Select(e => e.RecordId));
        Assert.Equal([1L, 2L, 3L], (await _store.ListAsync()).Select(e => e.Sequence));
        Assert.Equal(["r2", "r1"], (await _store.ListAsync(accountId: "ACC-1")).Select(e => e.RecordId));
        Assert.Equal(["r2", "r1"], (await _store.ListAsync(iccid: SimA)).Select(e => e.RecordId));
        Assert.Equal(["b1"], (await _store.ListAsync(kind: ThresholdKind.CreditLimit)).Select(e => e.RecordId));
        Assert.Equal(["r2"], (await _store.ListAsync(since: RaisedAt.AddMinutes(1))).Select(e => e.RecordId));
        Assert.Equal(["r2"], (await _store.ListAsync(limit: 1)).Select(e => e.RecordId));
        Assert.Equal(["r1", "b1"], (await _store.ListAsync(afterSequence: 1)).Select(e => e.RecordId));
        var account = Assert.Single(await _store.ListAsync(kind: ThresholdKind.CreditLimit));
        Assert.Equal((null, null, 100m, 5m, "EUR"), (account.Iccid, account.AllowanceId, account.Percent, account.Threshold, account.Unit));
    }

    [Fact]
    public async Task The_cycle_counters_come_back_with_each_records_amount()
    {
        // Charge limits are checked against the cycle's usage charges, rebuilt from the ledger with the counters.
        await _ledger.AppendAsync([Row("r1", billableMb: 5m), Row("r2", iccid: SimB, billableMb: 10m)]);

        var rows = await _ledger.CountersAsync("ACC-1", "2026-03");

        Assert.Equal([(SimA, 0.10m), (SimB, 0.20m)], rows.OrderBy(r => r.Iccid, StringComparer.Ordinal).Select(r => (r.Iccid, r.Amount)));
    }

    [Fact]
    public async Task Raised_keys_of_many_accounts_are_what_each_account_reads_alone()
    {
        // 501 accounts (chunks of 500 and 1); every third one raised its 80 % credit threshold in March, account 0 also
        // an allowance threshold, account 1 one in April only.
        var accounts = Enumerable.Range(0, 501).Select(i => "ACC-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var credit = new ThresholdKey(ThresholdKind.CreditLimit, "", "", 10.00m, "EUR", 80m);
        var allowance = new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 80m);
        var events = accounts.Where((_, i) => i % 3 == 0).Select(a => Event("r-" + a, credit, 8.5m, a)).ToList();
        events.Add(Event("r-extra", allowance, 800m, accounts[0]));
        events.Add(ThresholdEvent.From(accounts[1], new ThresholdCrossing(credit, 8.5m, "2026-04", "r-april", March10.AddMonths(1)), RaisedAt));
        await _ledger.AppendWithThresholdEventsAsync(events.Select(e => Row(e.RecordId, accountId: e.AccountId)).ToList(), events);

        var many = await _store.RaisedAsync([.. accounts, "ACC-none"], "2026-03");

        Assert.Equal(167, many.Count); // accounts 0, 3, …, 498
        Assert.Equal([allowance, credit], many[accounts[0]].OrderBy(k => k.Kind));
        Assert.False(many.ContainsKey(accounts[1]));
        foreach (var account in accounts)
        {
            Assert.Equal((await _store.RaisedAsync(account, "2026-03")).OrderBy(k => k.Kind), (many.GetValueOrDefault(account) ?? []).OrderBy(k => k.Kind));
        }

        Assert.Equal([credit], (await _store.RaisedAsync([accounts[1]], "2026-04"))[accounts[1]]);
    }

    [Fact]
    public async Task An_event_is_written_to_the_tables_right_edge_and_one_key()
    {
        // The table is keyed by the raising sequence; its one index is the unique (account, period, event id).
        Assert.Equal(["sqlite_autoindex_threshold_events_1"], await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'threshold_events'"));
        Assert.Equal(["account_id", "period", "event_id"], await Db.ScalarsAsync("SELECT name FROM pragma_index_info('sqlite_autoindex_threshold_events_1') ORDER BY seqno"));
        Assert.Equal(["sequence"], await Db.ScalarsAsync("SELECT name FROM pragma_table_info('threshold_events') WHERE pk = 1"));

        // An account's raised keys come from that key alone; listings walk the sequence from the cursor.
        Assert.Contains(
            "USING INDEX sqlite_autoindex_threshold_events_1 (account_id=? AND period=?)",
            string.Join("\n", await Db.ScalarsAsync("EXPLAIN QUERY PLAN SELECT account_id, kind, iccid, allowance_id, limit_value, unit, percent FROM threshold_events WHERE account_id IN ('ACC-1', 'ACC-2') AND period = '2026-03'", column: 3)),
            StringComparison.Ordinal);
        Assert.Contains(
            "USING INTEGER PRIMARY KEY (rowid>?)",
            string.Join("\n", await Db.ScalarsAsync("EXPLAIN QUERY PLAN SELECT event_id FROM threshold_events WHERE ('ACC-1' IS NULL OR account_id = 'ACC-1') AND sequence > 10 ORDER BY sequence LIMIT 50", column: 3)),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_of_an_earlier_build_keeps_its_events_their_numbers_and_the_once_per_cycle_rule()
    {
        var credit = Event("r1", new ThresholdKey(ThresholdKind.CreditLimit, "", "", 10.00m, "EUR", 80m), 8.50m);
        var allowance = Event("b1", new ThresholdKey(ThresholdKind.AllowanceUsage, SimB, "data-1000", 1000m, "MB", 80m), 800m, accountId: "ACC-2");
        var written = (await _ledger.AppendWithThresholdEventsAsync([Row("r1"), Row("b1", accountId: "ACC-2", iccid: SimB)], [credit, allowance])).RaisedEvents;

        // What a store of an earlier build has: the same events in a table keyed by event id, with an index by account
        // and one by raised time.
        foreach (var sql in (string[])[
            "CREATE TABLE old_events (event_id TEXT NOT NULL PRIMARY KEY, sequence BIGINT NOT NULL UNIQUE, account_id TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL, iccid TEXT NOT NULL, allowance_id TEXT NOT NULL, percent TEXT NOT NULL, threshold TEXT NOT NULL, limit_value TEXT NOT NULL, counter_value TEXT NOT NULL, unit TEXT NOT NULL, record_id TEXT NOT NULL, occurred_at TEXT NOT NULL, raised_at TEXT NOT NULL)",
            "INSERT INTO old_events SELECT event_id, sequence, account_id, period, kind, iccid, allowance_id, percent, threshold, limit_value, counter_value, unit, record_id, occurred_at, raised_at FROM threshold_events",
            "DROP TABLE threshold_events",
            "ALTER TABLE old_events RENAME TO threshold_events",
            "CREATE INDEX ix_threshold_events_account ON threshold_events (account_id, period)",
            "CREATE INDEX ix_threshold_events_raised ON threshold_events (raised_at)"])
        {
            await Db.ExecuteAsync(sql);
        }

        Assert.Equal(["event_id"], await Db.ScalarsAsync("SELECT name FROM pragma_table_info('threshold_events') WHERE pk = 1"));
        await Db.ReopenAsync();
        _ledger = new UsageLedger(Db.Database);
        _store = new ThresholdEventStore(Db.Database);

        Assert.Equal(["sequence"], await Db.ScalarsAsync("SELECT name FROM pragma_table_info('threshold_events') WHERE pk = 1"));
        Assert.Equal(["sqlite_autoindex_threshold_events_1"], await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'threshold_events'"));
        Assert.Empty(await Db.ScalarsAsync("SELECT name FROM sqlite_master WHERE name LIKE 'threshold_events_%'"));
        Assert.Equal(written, await _store.ListAsync());
        Assert.Equal([credit.Key], await _store.RaisedAsync("ACC-1", "2026-03"));

        // The moved events still refuse their threshold again; a new one is numbered after them (the counter took a
        // block of two for the append, so the refused event leaves a gap: 3).
        var again = Event("r2", credit.Key, 9.00m);
        var allowance100 = Event("r3", new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 100m), 1000m);
        var appended = await _ledger.AppendWithThresholdEventsAsync([Row("r2"), Row("r3")], [again, allowance100]);
        Assert.Equal([allowance100 with { Sequence = 4 }], appended.RaisedEvents);
        Assert.Equal([1L, 2L, 4L], (await _store.ListAsync()).Select(e => e.Sequence));

        // A later start finds this build's table and moves nothing.
        await Db.ReopenAsync();
        Assert.Equal(3, await Db.CountAsync("threshold_events"));
    }

    private static ThresholdEvent Event(string recordId, ThresholdKey key, decimal value, string accountId = "ACC-1") =>
        ThresholdEvent.From(accountId, new ThresholdCrossing(key, value, "2026-03", recordId, March10), RaisedAt);
}
