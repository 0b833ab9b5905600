using Orleans.Storage;

namespace NMcs.Storage.Tests;

public sealed class RelationalGrainStorageTests : StoreTest
{
    private const string StateName = "sim";
    private static readonly GrainId Grain = GrainId.Create("test", "key1");

    private RelationalGrainStorage _storage = null!;

    protected override Task OnStoreReadyAsync()
    {
        _storage = new RelationalGrainStorage("test", Db.Database, new JsonGrainStorageSerializer(), TimeProvider.System);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Read_of_a_missing_grain_gives_a_fresh_state_and_no_record()
    {
        var state = new TestGrainState<SimState> { ETag = "stale", RecordExists = true };

        await _storage.ReadStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(string.Empty, state.State.Status);
    }

    [Fact]
    public async Task Write_then_read_round_trips_state_and_etag()
    {
        var written = new TestGrainState<SimState> { State = new SimState { Status = "ACTIVE", Balance = 12.345m, Tags = ["meter", "berlin"] } };

        await _storage.WriteStateAsync(StateName, Grain, written);

        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);

        var read = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal("ACTIVE", read.State.Status);
        Assert.Equal(12.345m, read.State.Balance);
        Assert.Equal(["meter", "berlin"], read.State.Tags);

        read.State.Status = "SUSPENDED";
        await _storage.WriteStateAsync(StateName, Grain, read);
        Assert.Equal("2", read.ETag);

        var again = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, again);
        Assert.Equal("2", again.ETag);
        Assert.Equal("SUSPENDED", again.State.Status);
        Assert.Equal(1, await Db.CountAsync("grain_state"));
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_and_changes_nothing()
    {
        var first = new TestGrainState<SimState> { State = new SimState { Status = "ACTIVE" } };
        await _storage.WriteStateAsync(StateName, Grain, first);

        var stale = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, stale); // etag 1

        first.State.Status = "SUSPENDED";
        await _storage.WriteStateAsync(StateName, Grain, first); // etag 2

        stale.State.Status = "TERMINATED";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, stale));

        Assert.Equal("1", stale.ETag); // the failed write does not pretend to have succeeded
        var read = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal("SUSPENDED", read.State.Status);
    }

    [Fact]
    public async Task Second_first_write_of_the_same_grain_throws()
    {
        var one = new TestGrainState<SimState> { State = new SimState { Status = "ONE" } };
        var two = new TestGrainState<SimState> { State = new SimState { Status = "TWO" } };

        await _storage.WriteStateAsync(StateName, Grain, one);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, two));

        Assert.Null(two.ETag);
        var read = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, read);
        Assert.Equal("ONE", read.State.Status);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var seed = new TestGrainState<SimState> { State = new SimState { Status = "SEED" } };
        await _storage.WriteStateAsync(StateName, Grain, seed);

        var writers = Enumerable.Range(0, 8)
            .Select(i => new TestGrainState<SimState> { ETag = "1", State = new SimState { Status = "W" + i } })
            .ToList();
        var results = await Task.WhenAll(writers.Select(async w =>
        {
            try
            {
                await _storage.WriteStateAsync(StateName, Grain, w);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Equal(1, results.Count(r => r));
        var winner = writers[Array.IndexOf(results, true)];
        var read = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal(winner.State.Status, read.State.Status);
    }

    [Fact]
    public async Task Clear_with_the_current_etag_leaves_a_tombstone_with_the_next_etag()
    {
        var state = new TestGrainState<SimState> { State = new SimState { Status = "ACTIVE" } };
        await _storage.WriteStateAsync(StateName, Grain, state); // etag 1

        await _storage.ClearStateAsync(StateName, Grain, state);

        // The row stays (empty payload) so the etag keeps counting: 1 -> 2.
        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(string.Empty, state.State.Status);
        Assert.Equal(1, await Db.CountAsync("grain_state"));
        var read = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_row()
    {
        var state = new TestGrainState<SimState> { State = new SimState { Status = "ACTIVE" } };
        await _storage.WriteStateAsync(StateName, Grain, state);
        await _storage.WriteStateAsync(StateName, Grain, state); // etag 2

        var stale = new TestGrainState<SimState> { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, Grain, stale));

        Assert.Equal(1, await Db.CountAsync("grain_state"));
    }

    [Fact]
    public async Task Etag_from_before_a_clear_is_stale_after_the_grain_is_written_again()
    {
        var active = new TestGrainState<SimState> { State = new SimState { Status = "OLD" } };
        await _storage.WriteStateAsync(StateName, Grain, active); // etag 1
        var stale = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, Grain, stale); // another activation holds etag 1

        await _storage.ClearStateAsync(StateName, Grain, active);
        active.State = new SimState { Status = "NEW" };
        await _storage.WriteStateAsync(StateName, Grain, active); // etag 3 (clear took 2)

        stale.State.Status = "LOST-UPDATE";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, stale));
    }

    [Fact]
    public async Task State_names_and_grain_ids_are_kept_apart()
    {
        await _storage.WriteStateAsync(StateName, Grain, new TestGrainState<SimState> { State = new SimState { Status = "A" } });

        var otherName = new TestGrainState<SimState>();
        await _storage.ReadStateAsync("other", Grain, otherName);
        var otherKey = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, GrainId.Create("test", "key2"), otherKey);
        var otherType = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, GrainId.Create("other", "key1"), otherType);

        Assert.False(otherName.RecordExists);
        Assert.False(otherKey.RecordExists);
        Assert.False(otherType.RecordExists);

        // and a first write under another name is not a conflict
        var second = new TestGrainState<SimState> { State = new SimState { Status = "B" } };
        await _storage.WriteStateAsync("other", Grain, second);
        Assert.Equal("1", second.ETag);
    }

    [Fact]
    public async Task Read_many_answers_the_stored_state_of_each_grain_of_one_type_and_name()
    {
        // 1,203 grains of the type: chunks of 500, 500 and 203 ids.
        var keys = Enumerable.Range(0, 1_203).Select(i => "acc-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var key in keys)
        {
            await _storage.WriteStateAsync(StateName, GrainId.Create("test", key), new TestGrainState<SimState> { State = new SimState { Status = key, Balance = key.Length } });
        }

        // Written again: the newest write is what is read.
        var changed = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, GrainId.Create("test", keys[7]), changed);
        changed.State.Status = "CHANGED";
        await _storage.WriteStateAsync(StateName, GrainId.Create("test", keys[7]), changed);

        // Cleared, another state name, another grain type: none of them answers.
        var cleared = new TestGrainState<SimState>();
        await _storage.ReadStateAsync(StateName, GrainId.Create("test", keys[8]), cleared);
        await _storage.ClearStateAsync(StateName, GrainId.Create("test", keys[8]), cleared);
        await _storage.WriteStateAsync("other", GrainId.Create("test", "only-other-name"), new TestGrainState<SimState> { State = new SimState { Status = "X" } });
        await _storage.WriteStateAsync(StateName, GrainId.Create("other", "only-other-type"), new TestGrainState<SimState> { State = new SimState { Status = "Y" } });

        var read = await _storage.ReadManyAsync<SimState>(StateName, GrainType.Create("test"), [.. keys, "only-other-name", "only-other-type", "never-written"]);

        Assert.Equal(1_202, read.Count);
        Assert.Equal("CHANGED", read[keys[7]].Status);
        Assert.False(read.ContainsKey(keys[8]));
        Assert.All(keys.Where((_, i) => i is not 7 and not 8), key => Assert.Equal(key, read[key].Status));
        Assert.Equal(5m, read["acc-0"].Balance);
        Assert.Empty(await _storage.ReadManyAsync<SimState>(StateName, GrainType.Create("test"), []));
    }
}
