using System.Runtime.InteropServices;

namespace NMcs.Host;

/// <summary>
/// Gives free native memory back to the system at an interval (<c>NMcs:NativeHeapTrimSeconds</c>), with glibc's
/// <c>malloc_trim(0)</c>. SQLite, the runtime and the network stack allocate through the C allocator; glibc keeps
/// pages it freed in its arenas for reuse, and after a burst of ingestion that was about 77 MB of a 381 MB private
/// working set at the fleet size (docs/benchmarks.md, <c>ingest</c>, session 8). Without glibc (another libc,
/// another system) it stops after the first attempt and logs why.
/// </summary>
public sealed partial class NativeHeapTrimmer(TimeSpan interval, ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    /// <summary>Trims once (the benchmarks call it too); false when the process has no glibc <c>malloc_trim</c>.</summary>
    public static bool TrimNow()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!TrimNow())
            {
                LogUnavailable(logger);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NMcs:NativeHeapTrimSeconds: malloc_trim is not available here (not Linux with glibc); free native memory stays with the allocator.")]
    private static partial void LogUnavailable(ILogger logger);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
