using System.Runtime.InteropServices;

namespace NMcs.Storage;

/// <summary>
/// Caps the number of glibc malloc arenas of the process, once, before the store allocates (SQLite's page caches and
/// sorters are native memory). glibc gives threads up to eight arenas per core and keeps what each one ever held: SQLite
/// work that moves between thread-pool threads (the ledger's bulk index step sorts tens of thousands of keys)
/// left 400 MB of freed memory in arenas at ingest scale (docs/benchmarks.md). A process started with
/// <c>MALLOC_ARENA_MAX</c> set keeps its own value; elsewhere than Linux with glibc this does nothing.
/// </summary>
public static class NativeHeap
{
    /// <summary>Arenas the process may use: what glibc allows a single-core process.</summary>
    public const int Arenas = 2;

    private const int MArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    private static int _done;

    /// <summary>Sets the cap (first call only). Call it first thing in a process that opens a store.</summary>
    public static void LimitArenas()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1 || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }

        try
        {
            _ = Mallopt(MArenaMax, Arenas);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no arenas to cap).
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);
}
