using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace NMcs.Storage.Tests;

public sealed class SqliteThreadingTests
{
    // SQLite takes its threading mode once per process, before its first connection: chosen as this assembly loads, so
    // no test that opens a plain SqliteConnection first can leave the process in serialized mode by running earlier.
    [ModuleInitializer]
    internal static void ChooseBeforeAnyTest() => SqliteThreading.Choose(SqliteThreadingMode.MultiThread);

    [Fact]
    public async Task Store_connections_take_no_mutex_of_their_own_in_multi_thread_mode()
    {
        using var temp = await TempDatabase.CreateAsync();
        Assert.Equal(SqliteThreadingMode.MultiThread, SqliteThreading.Mode);
        Assert.False(SqliteThreading.Refused);
        Assert.Equal("multi-thread", SqliteThreading.Note);

        // sqlite3_db_mutex answers NULL for a connection opened in multi-thread mode: the reader's and the writer's.
        await using (var reader = await temp.Database.OpenAsync())
        {
            Assert.False(SqliteThreading.HasConnectionMutex((SqliteConnection)reader));
        }

        await using (var writer = await temp.Database.OpenWriterAsync())
        {
            Assert.False(SqliteThreading.HasConnectionMutex((SqliteConnection)writer));
        }

        Assert.False(await temp.Database.ConnectionHasMutexAsync());
    }

    [Fact]
    public async Task The_first_choice_stands_for_the_process()
    {
        using var temp = await TempDatabase.CreateAsync();

        // Asking again (another store, a host's setting read late) changes nothing: SQLite cannot switch once open.
        Assert.Equal(SqliteThreadingMode.MultiThread, SqliteThreading.Choose(SqliteThreadingMode.Serialized));
        Assert.False(await temp.Database.ConnectionHasMutexAsync());
    }

    [Fact]
    public void An_undefined_mode_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SqliteThreading.Choose((SqliteThreadingMode)7));
        Assert.Equal("requested", error.ParamName);
    }
}
