using System.Globalization;
using System.Runtime.InteropServices;

namespace NMcs.Storage;

/// <summary>
/// Sets the scheduling priority of the calling thread on Linux, where a thread's nice value is its own
/// (<c>setpriority(PRIO_PROCESS, tid, nice)</c>). .NET's <see cref="Thread.Priority"/> has no effect there.
/// </summary>
internal static partial class WriterPriority
{
    private const int PrioProcess = 0;

    /// <summary>The calling thread's id as the kernel knows it, or 0 where there is none to ask for.</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? GetTid() : 0;

    /// <summary>
    /// Asks for <paramref name="nice"/> for the calling thread. Returns what it got, for the operator: the nice value,
    /// or why the thread kept the process's.
    /// </summary>
    public static string Apply(int nice) => Apply(nice, out _);

    /// <inheritdoc cref="Apply(int)"/>
    /// <param name="nice">The nice value asked for.</param>
    /// <param name="refused">Whether the system refused it (the operator has to allow it, see the text).</param>
    public static string Apply(int nice, out bool refused)
    {
        refused = false;
        if (nice == 0)
        {
            return "nice as the process (NMcs:WriterNice is 0)";
        }

        if (!OperatingSystem.IsLinux())
        {
            return "nice as the process (NMcs:WriterNice applies on Linux only)";
        }

        if (SetPriority(PrioProcess, GetTid(), Math.Clamp(nice, -20, 19)) == 0)
        {
            return "nice " + Math.Clamp(nice, -20, 19).ToString(CultureInfo.InvariantCulture);
        }

        var error = Marshal.GetLastPInvokeError();
        refused = true;
        return $"nice as the process: raising the store writer's priority to nice {nice.ToString(CultureInfo.InvariantCulture)} was refused (errno {error.ToString(CultureInfo.InvariantCulture)}); "
            + "allow it with LimitNICE= in the service unit or CAP_SYS_NICE, or set NMcs:WriterNice to 0";
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
