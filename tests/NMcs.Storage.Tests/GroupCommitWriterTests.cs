using Microsoft.Data.Sqlite;

namespace NMcs.Storage.Tests;

/// <summary>The store's one group-commit writer: its long-lived connection, and letting go of it when a host stops.</summary>
public sealed class GroupCommitWriterTests : StoreTest
{
    [Fact]
    public async Task The_writer_keeps_one_connection_across_groups_and_closing_it_lets_go_of_the_store_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // reads open files from /proc
        }

        var ledger = new UsageLedger(Db.Database);
        await ledger.AppendAsync([Rows.Row("r1")]);
        var writer = await WriterConnectionAsync();
        await ledger.AppendAsync([Rows.Row("r2")]);
        Assert.Same(writer, await WriterConnectionAsync()); // two groups, one connection, kept open
        Assert.Equal(System.Data.ConnectionState.Open, writer.State);

        // Closing it lets go of the file once nothing else uses it. The count of descriptors is only exact then:
        // SQLite keeps the descriptor of a connection closed while another of the process holds a lock on the file
        // (closing it would drop that lock) and closes it with the last one, so the background checkpointer's pooled
        // connection stays counted for as long as the writer's is open.
        await Db.Database.CloseWriterAsync();
        await WaitUntilAsync(() => !Db.Database.Checkpointing);
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, OpenHandles());

        // A later write opens a new connection; nothing written before is lost.
        await ledger.AppendAsync([Rows.Row("r3")]);
        Assert.NotSame(writer, await WriterConnectionAsync());
        Assert.Equal(3, await Db.CountAsync("rated_usage"));
    }

    [Fact]
    public async Task The_writer_runs_on_a_thread_of_its_own_at_the_configured_nice_value()
    {
        // A higher nice value (lower priority) needs no privilege, so the test holds as any user.
        Db.Database.WriterNice = 7;
        var ledger = new UsageLedger(Db.Database);
        await ledger.AppendAsync([Rows.Row("r1")]);
        if (!OperatingSystem.IsLinux())
        {
            Assert.Contains("Linux only", Db.Database.WriterPriority, StringComparison.Ordinal);
            return;
        }

        Assert.Equal("nice 7", Db.Database.WriterPriority);
        var thread = Db.Database.WriterThreadId;
        Assert.NotEqual(0, thread);
        Assert.NotEqual(Environment.ProcessId, thread);
        Assert.Equal(7, NiceOf(thread));

        // Every group runs on that one thread, not on the thread pool.
        await ledger.AppendAsync([Rows.Row("r2")]);
        Assert.Equal(thread, Db.Database.WriterThreadId);
        Assert.Equal(2, await Db.CountAsync("rated_usage"));
    }

    [Fact]
    public async Task A_writer_thread_idle_for_a_while_ends_and_the_next_write_starts_another()
    {
        var idle = GroupCommitWriter.IdleExit;
        GroupCommitWriter.IdleExit = TimeSpan.FromMilliseconds(100);
        try
        {
            var ledger = new UsageLedger(Db.Database);
            await ledger.AppendAsync([Rows.Row("r1")]);
            await WaitUntilAsync(() => Db.Database.WriterThreadId == 0);
            Assert.Equal(0, Db.Database.WriterThreadId);

            // Many writers at once after the thread ended: every one commits, none waits forever.
            await Task.WhenAll(Enumerable.Range(2, 50).Select(i => ledger.AppendAsync([Rows.Row("r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))])));
            Assert.Equal(51, await Db.CountAsync("rated_usage"));
        }
        finally
        {
            GroupCommitWriter.IdleExit = idle;
        }
    }

    [Fact]
    public void A_nice_value_refused_or_not_asked_for_is_said_so()
    {
        Assert.Equal("nice as the process (NMcs:WriterNice is 0)", WriterPriority.Apply(0));
        if (OperatingSystem.IsLinux())
        {
            // This thread's own nice value, asked for again: always allowed, and said as it is.
            var own = NiceOf(WriterPriority.CurrentThreadId());
            Assert.Equal(own == 0 ? "nice as the process (NMcs:WriterNice is 0)" : $"nice {own}", WriterPriority.Apply(own));
        }
    }

    // The nice value of thread `threadId` of this process, from /proc/self/task/<tid>/stat (Linux): the fields after
    // the comm's closing parenthesis (the comm may hold spaces) start at field 3, the state; nice is field 19.
    private static int NiceOf(int threadId)
    {
        var stat = File.ReadAllText($"/proc/self/task/{threadId.ToString(System.Globalization.CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }

    // The connection the group-commit writer's next group runs on.
    private async Task<System.Data.Common.DbConnection> WriterConnectionAsync()
    {
        System.Data.Common.DbConnection? connection = null;
        await Db.Database.WriteGroupedAsync(group =>
        {
            connection = group.Connection;
            return Task.FromResult(0);
        });
        return connection!;
    }

    // Descriptors of this process open on the store's database file (the WAL and shared-memory files not counted).
    private int OpenHandles() => Directory.GetFiles("/proc/self/fd")
        .Select(fd => new FileInfo(fd).LinkTarget)
        .Count(target => target == Db.FilePath);

    // The checkpointer runs a PASSIVE checkpoint on a pooled connection 250 ms after a commit and stops once idle.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the background checkpointer should stop within 5 s of the last commit");
    }
}
