using NMcs.Rating.Thresholds;
using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

public sealed class UsageLedgerTests : StoreTest
{
    private UsageLedger _ledger = null!;

    protected override Task OnStoreReadyAsync()
    {
        _ledger = new UsageLedger(Db.Database);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Append_writes_new_rows_and_reports_no_conflicts()
    {
        var conflicts = await _ledger.AppendAsync([Row("r1"), Row("r2")]);

        Assert.Empty(conflicts);
        Assert.Equal(2, await Db.CountAsync("rated_usage"));
        Assert.Equal(Row("r1"), await _ledger.FindAsync("r1"));
        Assert.Null(await _ledger.FindAsync("nope"));
    }

    [Fact]
    public async Task Rows_of_an_append_across_several_encoding_chunks_each_keep_their_own_values()
    {
        // Two and a half chunks of LedgerRowImages.RowsPerChunk rows: every row differs in its text, NULLs and numbers,
        // so a row bound from the wrong chunk, or at the wrong offset in its chunk, reads back different.
        var count = (2 * LedgerRowImages.RowsPerChunk) + (LedgerRowImages.RowsPerChunk / 2);
        var rows = Enumerable.Range(0, count).Select(i => Row($"chunk-{i:D4}", billableMb: 0.25m * i) with
        {
            Steps = i % 50 == 7 ? string.Concat(Enumerable.Repeat($"Zürich → 東京 {i} | ", 300)) : $"step {i}",
            Counters = i % 3 == 0 ? string.Empty : $"As {i} data-allowance\n",
            DurationSeconds = i % 4 == 0 ? null : i,
            Destination = i % 5 == 0 ? null : "+44 20 7946 " + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();

        Assert.Empty(await _ledger.AppendAsync(rows));

        foreach (var row in rows)
        {
            Assert.Equal(row, await _ledger.FindAsync(row.RecordId));
        }

        Assert.Equal(count, await Db.CountAsync("rated_usage"));
    }

    [Fact]
    public async Task Every_value_of_a_row_is_stored_as_encoded_by_the_appending_thread_long_and_null_ones_too()
    {
        // The appender encodes the rows' text (LedgerRowImages) and the writer binds it in place: rows whose values
        // outgrow the first buffer (multi-byte steps of 4,000 characters), NULLs beside values, and decimals whose
        // scale shows in their text (1.50, not 1.5) all read back exactly as appended.
        var rows = Enumerable.Range(0, 5).Select(i => Row($"enc-{i}", billableMb: 1.50m + i) with
        {
            Steps = string.Concat(Enumerable.Repeat($"Zürich → 東京 {i} | ", 4_000 / 14)),
            Counters = i % 2 == 0 ? "As 470016 data-allowance\n" : string.Empty,
            Charges = $"{1.50m + i} {1.50m + i} {0.0300m + i} data-usage\n",
            DurationSeconds = i % 2 == 0 ? null : 12.5 * i,
            Destination = i % 2 == 0 ? null : "+44 20 7946 000" + i,
            VisitedNetwork = i == 3 ? "234-15" : null,
            PricePerUnit = -0.0000000000000000000000000001m,
            Quantity = 79228162514264337593543950335m,
        }).ToList();

        Assert.Empty(await _ledger.AppendAsync(rows));

        foreach (var row in rows)
        {
            Assert.Equal(row, await _ledger.FindAsync(row.RecordId));
        }

        await using var connection = await Db.Database.OpenAsync();
        await using var command = NMcsDatabase.Command(connection, null, "SELECT units, billable_units, occurred_at, rated_at FROM rated_usage WHERE record_id = 'enc-0'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("1.50", "1.50"), (reader.GetString(0), reader.GetString(1)));
        Assert.Equal((DbValues.Time(rows[0].OccurredAt), DbValues.Time(rows[0].RatedAt)), (reader.GetString(2), reader.GetString(3)));
    }

    [Fact]
    public async Task Append_reports_an_id_already_present_and_never_writes_it_twice()
    {
        await _ledger.AppendAsync([Row("r1", billableMb: 5m)]);

        // r1 again with a different amount (a replayed record), plus a new r2
        var conflicts = await _ledger.AppendAsync([Row("r1", billableMb: 999m), Row("r2")]);

        Assert.Equal(["r1"], conflicts);
        Assert.Equal(2, await Db.CountAsync("rated_usage"));
        var kept = await _ledger.FindAsync("r1");
        Assert.Equal(0.10m, kept!.Amount); // the first write stays: 5 MB x 0.02 = 0.10
        Assert.NotNull(await _ledger.FindAsync("r2"));
    }

    [Fact]
    public async Task Append_treats_a_repeat_inside_one_batch_as_a_duplicate()
    {
        var conflicts = await _ledger.AppendAsync([Row("r1", billableMb: 1m), Row("r1", billableMb: 2m)]);

        Assert.Equal(["r1"], conflicts);
        Assert.Equal(1, await Db.CountAsync("rated_usage"));
        Assert.Equal(1m, (await _ledger.FindAsync("r1"))!.BillableUnits);
    }

    [Fact]
    public async Task Append_of_nothing_is_a_no_op()
    {
        Assert.Empty(await _ledger.AppendAsync([]));
        Assert.Empty(await _ledger.FindExistingAsync([]));
    }

    [Fact]
    public async Task FindExisting_returns_only_ids_in_the_ledger()
    {
        await _ledger.AppendAsync([Row("r1"), Row("r2"), Row("r3")]);

        var found = await _ledger.FindExistingAsync(["r1", "r3", "missing"]);

        Assert.Equal(["r1", "r3"], found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindExisting_handles_more_ids_than_one_query_chunk()
    {
        // FindExistingAsync queries in chunks of 500 parameters: 1,200 ids need 3 queries
        var rows = Enumerable.Range(0, 600).Select(i => Row($"r{i:D4}")).ToList();
        Assert.Empty(await _ledger.AppendAsync(rows));

        var ids = Enumerable.Range(0, 1200).Select(i => $"r{i:D4}").ToList();
        var found = await _ledger.FindExistingAsync(ids);

        Assert.Equal(600, found.Count);
        Assert.Contains("r0599", found);
        Assert.DoesNotContain("r0600", found);
    }

    [Fact]
    public async Task Unbilled_returns_only_rows_of_the_account_without_an_invoice()
    {
        await _ledger.AppendAsync(
        [
            Row("a-late", occurredAt: March10.AddHours(2)),
            Row("a-early", occurredAt: March10),
            Row("a-billed"),
            Row("b-1", accountId: "ACC-2", iccid: SimB),
        ]);
        await Db.ExecuteAsync("UPDATE rated_usage SET invoice_id = 'ACC-1:2026-02' WHERE record_id = 'a-billed'");

        var unbilled = await _ledger.UnbilledAsync("ACC-1");

        Assert.Equal(["a-early", "a-late"], unbilled.Select(r => r.RecordId)); // ordered by occurred_at
        Assert.All(unbilled, r => Assert.Null(r.InvoiceId));
        Assert.Equal(["b-1"], (await _ledger.UnbilledAsync("ACC-2")).Select(r => r.RecordId));
        Assert.Empty(await _ledger.UnbilledAsync("ACC-3"));
        Assert.Equal("ACC-1:2026-02", (await _ledger.FindAsync("a-billed"))!.InvoiceId);
    }

    [Fact]
    public async Task Decimals_and_instants_round_trip_exactly()
    {
        // 10 bytes = 10 / 1,048,576 MB = 0.0000095367431640625 MB exactly (2^-20 x 10)
        var row = Row("tiny") with
        {
            Quantity = 10m,
            Units = 0.0000095367431640625m,
            BillableUnits = 0.0000095367431640625m,
            Amount = 0.00000019073486328125m, // 0.0000095367431640625 x 0.02
            RoundedAmount = 0.00m,
            PricePerUnit = 0.0000000000000000000000000001m,
            IncludedUnits = 79_228_162_514_264_337_593_543_950_335m, // decimal.MaxValue
            OccurredAt = new DateTimeOffset(2026, 3, 31, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1234567),
        };

        await _ledger.AppendAsync([row]);
        var read = (await _ledger.FindAsync("tiny"))!;

        Assert.Equal(row, read);
        Assert.Equal("0.0000095367431640625", read.Units.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.00000019073486328125", read.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.00", read.RoundedAmount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(decimal.MaxValue, read.IncludedUnits);
        Assert.Equal(row.OccurredAt.UtcTicks, read.OccurredAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.OccurredAt.Offset);
    }

    [Fact]
    public async Task Text_of_any_script_and_length_round_trips_and_is_found_by_the_same_text()
    {
        // Bound as UTF-8 on the insert's fast path (up to 512 characters) and as UTF-16 beyond; read and looked up
        // through ADO.NET. Non-ASCII of 2, 3 and 4 bytes in UTF-8 (ü, →, 📶), and a steps text of 2,000 characters.
        var row = Row("zürich→📶-1") with
        {
            Destination = "Zürich ∞ 📶",
            Steps = string.Concat(Enumerable.Repeat("tier 0–∞ × 0.02 € ", 111)) + "end",
        };

        await _ledger.AppendAsync([row]);

        Assert.Equal(row, await _ledger.FindAsync("zürich→📶-1"));
        Assert.Equal(["zürich→📶-1"], await _ledger.FindAcceptedAsync(["zürich→📶-1", "zurich-1"]));
        Assert.Equal(["zürich→📶-1"], await _ledger.AppendAsync([row]));
    }

    [Fact]
    public async Task Counters_of_a_cycle_come_back_per_sim_exactly_as_written()
    {
        // Only March rows of this account are returned; the encoded deltas are stored verbatim.
        await _ledger.AppendAsync(
        [
            Row("m1") with { Counters = "As 31457280 data-allowance\n" },
            Row("m2", iccid: SimB) with { Counters = "Aa 1048576 pool\n" },
            Row("a1", period: "2026-04") with { Counters = "As 1 data-allowance\n" },
        ]);

        var counters = await _ledger.CountersAsync("ACC-1", "2026-03");

        Assert.Equal(
            [(SimA, "As 31457280 data-allowance\n"), (SimB, "Aa 1048576 pool\n")],
            counters.OrderBy(c => c.Iccid, StringComparer.Ordinal).Select(c => (c.Iccid, c.Counters)));
    }

    [Fact]
    public async Task ForSim_lists_newest_first_up_to_the_limit()
    {
        await _ledger.AppendAsync(
        [
            Row("old", occurredAt: March10),
            Row("mid", occurredAt: March10.AddMinutes(1)),
            Row("new", occurredAt: March10.AddMinutes(2)),
            Row("other", iccid: SimB, occurredAt: March10.AddMinutes(3)),
        ]);

        var rows = await _ledger.ForSimAsync(SimA, 2);

        Assert.Equal(["new", "mid"], rows.Select(r => r.RecordId));
    }

    [Fact]
    public async Task Concurrent_appends_commit_as_one_group_and_a_failing_one_rolls_back_alone()
    {
        await _ledger.AppendAsync([Row("old")]);
        var groupsBefore = _ledger.GroupsCommitted;
        var busyBefore = Db.Database.WriterBusy;
        var key = new ThresholdKey(ThresholdKind.AllowanceUsage, SimA, "data-1000", 1000m, "MB", 80m);
        var raisedAt = March10.AddDays(1);

        // Another writer holds SQLite's write lock while the appends queue up: the ledger's writer takes its group only
        // once it holds the lock itself, so all six are written in one transaction.
        List<Task<LedgerAppend>> appends;
        await using (var blocker = await Db.Database.OpenAsync())
        {
            await using var lockHeld = await blocker.BeginTransactionAsync();
            appends =
            [
                _ledger.AppendWithThresholdEventsAsync([Row("a1"), Row("a2")], []),
                _ledger.AppendWithThresholdEventsAsync([Row("f1"), Row("f2") with { Steps = null! }], []), // fails on its second row
                _ledger.AppendWithThresholdEventsAsync([Row("a1", billableMb: 999m), Row("c1")], [Event("a1", key, raisedAt), Event("c1", key with { Percent = 100m }, raisedAt)]),
                _ledger.AppendWithThresholdEventsAsync([Row("old"), Row("d1")], []),
                _ledger.AppendWithThresholdEventsAsync([Row("f1")], []), // f1 of the failed append is free again
                _ledger.AppendWithThresholdEventsAsync([Row("e1"), Row("e1", billableMb: 7m)], []),
            ];
            Assert.All(appends, a => Assert.False(a.IsCompleted)); // nothing is acknowledged before its commit
            await lockHeld.CommitAsync();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => appends[1]);
        Assert.Empty((await appends[0]).Conflicts);

        // a1 came first in the group: the later append sees it as a duplicate, keeps the first amount, and the
        // threshold event of the duplicate is not written while the one of c1 is.
        var withDuplicate = await appends[2];
        Assert.Equal(["a1"], withDuplicate.Conflicts);
        Assert.Equal(["c1"], withDuplicate.RaisedEvents.Select(e => e.RecordId));
        Assert.Equal(0.10m, (await _ledger.FindAsync("a1"))!.Amount);
        Assert.Equal(["old"], (await appends[3]).Conflicts);
        Assert.Empty((await appends[4]).Conflicts);
        Assert.Equal(["e1"], (await appends[5]).Conflicts);

        Assert.Equal(1, _ledger.GroupsCommitted - groupsBefore);
        Assert.True(Db.Database.WriterBusy > busyBefore, "the writer's busy time counts the group it wrote");
        Assert.Null(await _ledger.FindAsync("f2"));
        Assert.Equal(7, await Db.CountAsync("rated_usage")); // old, a1, a2, c1, d1, f1 (written again by a later append), e1
        Assert.Equal(1, await Db.CountAsync("threshold_events"));
    }

    [Fact]
    public async Task FindAccepted_returns_ids_rated_or_suspended()
    {
        await _ledger.AppendAsync([Row("rated")]);
        await new SuspendedUsageStore(Db.Database).AddAsync([new SuspendedUsage("waiting", "ACC-1", SimA, "Rule", "failed", "{}", March10)]);

        var found = await _ledger.FindAcceptedAsync(["rated", "waiting", "new"]);

        Assert.Equal(["rated", "waiting"], found.Order(StringComparer.Ordinal));
        Assert.Equal(["rated"], await _ledger.FindExistingAsync(["rated", "waiting", "new"]));
        Assert.Empty(await _ledger.FindAcceptedAsync([]));
    }

    [Fact]
    public async Task An_append_waits_for_its_commit_and_a_later_one_sees_it()
    {
        var first = _ledger.AppendAsync([Row("r1")]);
        var second = _ledger.AppendAsync([Row("r1", billableMb: 2m), Row("r2")]);

        Assert.Empty(await first);
        Assert.Equal(["r1"], await second);
        Assert.Equal(2, await Db.CountAsync("rated_usage"));
    }

    private static ThresholdEvent Event(string recordId, ThresholdKey key, DateTimeOffset raisedAt) =>
        ThresholdEvent.From("ACC-1", new ThresholdCrossing(key, 800m, "2026-03", recordId, March10), raisedAt);
}
