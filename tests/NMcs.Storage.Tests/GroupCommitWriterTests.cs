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
        await ledger.AppendAsync([Rows.Row("r2")]);
        await WaitUntilAsync(() => OpenHandles() == 1); // the background checkpointer's pooled connection cleared
        Assert.Equal(1, OpenHandles()); // two groups, one connection, kept open

        await Db.Database.CloseWriterAsync();
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, OpenHandles());

        // A later write opens a new connection; nothing written before is lost.
        await ledger.AppendAsync([Rows.Row("r3")]);
        Assert.Equal(3, await Db.CountAsync("rated_usage"));
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
            SqliteConnection.ClearAllPools();
        }
    }
}
