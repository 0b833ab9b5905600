using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace NMcs.Storage;

/// <summary>How SQLite guards its connections against use from several threads at once (process-wide).</summary>
public enum SqliteThreadingMode
{
    /// <summary>
    /// SQLite's multi-thread mode: a connection and its statements take no mutex of their own. Sound because the
    /// store never uses a connection from two threads at once: the writer's connection is its thread's alone, and a
    /// pooled reader belongs to one caller between open and dispose. The default.
    /// </summary>
    MultiThread,

    /// <summary>
    /// SQLite's serialized mode (the library's own default): every call on a connection or statement (each value bound,
    /// each step) locks and unlocks the connection's mutex.
    /// </summary>
    Serialized,
}

/// <summary>
/// Chooses SQLite's threading mode once per process, before its first connection (<c>sqlite3_config</c> is refused
/// after SQLite has initialised). The ledger insert binds about 25 values per row, each a lock and an unlock of the
/// connection's mutex in serialized mode: in the <c>ledger</c> benchmark at the ingest fleet's keys those pairs were
/// 11 % of the writer's samples (docs/benchmarks.md, session 20), and the writer is the one thread every acknowledged
/// usage batch waits for.
/// </summary>
public static partial class SqliteThreading
{
    private const int ConfigMultiThread = 2; // SQLITE_CONFIG_MULTITHREAD
    private const int ConfigSerialized = 3; // SQLITE_CONFIG_SERIALIZED
    private const int Misuse = 21; // SQLITE_MISUSE: SQLite is already initialised

    private static readonly Lock Gate = new();
    private static SqliteThreadingMode? _mode;
    private static string _note = "not chosen yet";

    /// <summary>The mode in effect, once chosen (null before the first <see cref="Choose"/>).</summary>
    public static SqliteThreadingMode? Mode
    {
        get
        {
            lock (Gate)
            {
                return _mode;
            }
        }
    }

    /// <summary>What was asked for and what took, for the start-up log, e.g. "multi-thread".</summary>
    public static string Note
    {
        get
        {
            lock (Gate)
            {
                return _note;
            }
        }
    }

    /// <summary>True when <see cref="Choose"/> asked for a mode SQLite could no longer take.</summary>
    public static bool Refused { get; private set; }

    /// <summary>
    /// Sets SQLite's threading mode to <paramref name="requested"/> unless a mode was chosen already (the first choice
    /// stands for the process) and returns the mode in effect. If SQLite was initialised before (a connection opened
    /// outside <see cref="SqliteDatabase"/>), it stays serialized and <see cref="Refused"/> says so.
    /// </summary>
    public static SqliteThreadingMode Choose(SqliteThreadingMode requested)
    {
        if (!Enum.IsDefined(requested))
        {
            throw new ArgumentOutOfRangeException(nameof(requested), requested, "MultiThread or Serialized.");
        }

        lock (Gate)
        {
            if (_mode is { } chosen)
            {
                return chosen;
            }

            // Microsoft.Data.Sqlite's class constructor installs the native library SQLitePCL calls; it opens nothing.
            RuntimeHelpers.RunClassConstructor(typeof(SqliteConnection).TypeHandle);
            var rc = SQLitePCL.raw.sqlite3_config(requested == SqliteThreadingMode.MultiThread ? ConfigMultiThread : ConfigSerialized);
            if (rc == SQLitePCL.raw.SQLITE_OK)
            {
                _mode = requested;
                _note = requested == SqliteThreadingMode.MultiThread ? "multi-thread" : "serialized";
            }
            else
            {
                // Initialised already, in the library's serialized mode: it stays so for the process.
                _mode = SqliteThreadingMode.Serialized;
                Refused = requested != SqliteThreadingMode.Serialized;
                _note = rc == Misuse
                    ? $"serialized (asked for {requested}, but SQLite had opened a connection before the store chose its mode)"
                    : $"serialized (asked for {requested}; sqlite3_config answered {rc})";
            }

            return _mode.Value;
        }
    }

    /// <summary>
    /// Whether <paramref name="connection"/>'s native connection has a mutex of its own: true in serialized mode, false
    /// in multi-thread mode (<c>sqlite3_db_mutex</c> answers NULL there). What the mode really is, not what was asked.
    /// </summary>
    public static bool HasConnectionMutex(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handle = connection.Handle ?? throw new InvalidOperationException("the connection is not open.");
        return DbMutex(handle.DangerousGetHandle()) != IntPtr.Zero;
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_db_mutex")]
    private static partial IntPtr DbMutex(IntPtr db);
}
