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
