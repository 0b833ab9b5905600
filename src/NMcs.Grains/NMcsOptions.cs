namespace NMcs.Grains;

/// <summary>Configuration section <c>NMcs</c>.</summary>
public sealed class NMcsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NMcs";

    /// <summary>Folder of the embedded store (SQLite file <c>nmcs.db</c>). Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>fsync every commit (survives power loss, slower). Off by default: commits survive process crashes.</summary>
    public bool FullSync { get; set; }

    /// <summary>
    /// Nice value of the store's writer thread on Linux (-20 to 19; default 0, the process's). Every acknowledged usage
    /// batch waits for this one thread; a negative value schedules it ahead of the rating and HTTP work that feeds it
    /// (it needs <c>LimitNICE=</c> in the service unit or <c>CAP_SYS_NICE</c>; refused, the thread keeps the process's
    /// priority and the host logs why at start). At the ingest benchmark's issue size -10 made no difference beyond the
    /// runs' spread (docs/benchmarks.md, session 15), so it is not the default.
    /// </summary>
    public int WriterNice { get; set; } = NMcs.Storage.NMcsDatabase.DefaultWriterNice;

    /// <summary>
    /// SQLite's threading mode for the process: <c>MultiThread</c> (default) or <c>Serialized</c>. In multi-thread mode
    /// a connection takes no mutex of its own on every call; the store never shares a connection between threads at
    /// once, so the mutex only costs (11 % of the store writer's samples in the <c>ledger</c> benchmark; see
    /// docs/benchmarks.md, session 20). <c>Serialized</c> is SQLite's own default, kept as a way back.
    /// </summary>
    public string SqliteThreading { get; set; } = nameof(NMcs.Storage.SqliteThreadingMode.MultiThread);

    /// <summary>
    /// Folder watched for tariff rule sources (<c>*.cs</c>): a file dropped or changed there is deployed like the
    /// deployTariffRule mutation. Off when empty.
    /// </summary>
    public string? RuleFolder { get; set; }

    /// <summary>
    /// Where tariff rule plugins run: <c>Inline</c> (default) on the rating thread, stopped at compiler-injected
    /// checkpoints when a call overruns its budget; <c>WorkerThread</c> on dedicated threads, an overrunning call
    /// abandoned (see docs/plugins.md, "Time budget and failed calls").
    /// </summary>
    public NMcs.Plugins.RuleIsolation RuleIsolation { get; set; } = NMcs.Plugins.RuleIsolation.Inline;

    /// <summary>
    /// Most grain locations the silo's directory cache keeps (Orleans' <c>GrainDirectoryOptions.CacheSize</c>).
    /// Orleans' default of a million entries holds one for every grain ever called — every SIM, order and account a
    /// large fleet ever touched, about 230 bytes each; a bound keeps that memory flat while the hot grains stay cached.
    /// Usage rating calls 32 rating partitions and never the SIM or account grains of ordinary SIMs, so the hot set is
    /// what portals, partners and provisioning touch at a time: 20,000 by default (100,000 before the partitions read
    /// account profiles from the store; a provisioning burst of 100,000 SIMs then left 23 MB of addresses behind).
    /// At least 1,000.
    /// </summary>
    public int GrainDirectoryCacheSize { get; set; } = DefaultGrainDirectoryCacheSize;

    /// <summary>Default of <see cref="GrainDirectoryCacheSize"/>.</summary>
    public const int DefaultGrainDirectoryCacheSize = 20_000;

    /// <summary>
    /// Seconds between two returns of free native memory to the system (glibc <c>malloc_trim</c>; Linux only). The
    /// C allocator otherwise keeps what SQLite and the runtime freed after a burst of load. 0 turns it off. Default 30.
    /// </summary>
    public int NativeHeapTrimSeconds { get; set; } = 30;

    /// <summary>The test clock. Never enable in production.</summary>
    public TestClockOptions TestClock { get; set; } = new();
}

/// <summary>Configuration of the advanceable test clock.</summary>
public sealed class TestClockOptions
{
    /// <summary>When true the platform time stands still and moves only through the API's advanceClock mutation.</summary>
    public bool Enabled { get; set; }

    /// <summary>Initial time of the test clock (ISO 8601). Defaults to the real time at start.</summary>
    public DateTimeOffset? Start { get; set; }
}
