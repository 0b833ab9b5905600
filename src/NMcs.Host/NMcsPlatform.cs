using NMcs.Grains;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Host;

/// <summary>The store and clock a host runs on, chosen from configuration.</summary>
public sealed record NMcsPlatform(NMcsDatabase Database, string StorePath, TimeProvider Clock, AdjustableClock? TestClock)
{
    /// <summary>Opens (and migrates) the embedded store and picks the clock.</summary>
    public static async Task<NMcsPlatform> OpenAsync(NMcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, "nmcs.db"));
        var database = new SqliteDatabase(path, options.FullSync) { WriterNice = options.WriterNice };
        await database.EnsureSchemaAsync();
        await database.StartWriterAsync();
        AdjustableClock? testClock = null;
        if (options.TestClock.Enabled)
        {
            // A restarted test host resumes where its clock was moved to, never before.
            var start = options.TestClock.Start ?? TimeProvider.System.GetUtcNow();
            var saved = await new TestClockStore(database).LoadAsync();
            testClock = new AdjustableClock(saved > start ? saved.Value : start);
        }

        return new NMcsPlatform(database, path, (TimeProvider?)testClock ?? TimeProvider.System, testClock);
    }
}
