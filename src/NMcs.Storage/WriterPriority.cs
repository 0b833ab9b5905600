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
    public static string Apply(int nice)
    {
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
        return $"nice as the process: raising the store writer's priority to nice {nice.ToString(CultureInfo.InvariantCulture)} was refused (errno {error.ToString(CultureInfo.InvariantCulture)}); "
            + "allow it with LimitNICE= in the service unit or CAP_SYS_NICE, or set NMcs:WriterNice to 0";
    }

    /// <summary>The nice value of thread <paramref name="threadId"/> of this process, read from /proc (Linux).</summary>
    public static int NiceOf(int threadId)
    {
        // /proc/self/task/<tid>/stat: "pid (comm) state ..."; the comm may hold spaces, so fields count after its ')'.
        var stat = File.ReadAllText($"/proc/self/task/{threadId.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // After the comm: state is field 3 of the line, nice field 19.
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
