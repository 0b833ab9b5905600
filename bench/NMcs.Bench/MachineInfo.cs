using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace NMcs.Bench;

/// <summary>What the numbers were measured on.</summary>
internal static class MachineInfo
{
    public static JsonObject Describe() => new()
    {
        ["cores"] = Environment.ProcessorCount,
        ["cpu"] = CpuModel(),
        ["memory_mb"] = TotalMemoryMb(),
        ["os"] = RuntimeInformation.OSDescription,
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["loadavg_end"] = LoadAverage(),
    };

    /// <summary>Bytes this process caused to be written to storage so far (<c>write_bytes</c> of /proc/self/io), or -1.</summary>
    public static long DiskWriteBytes() => ProcValue("/proc/self/io", "write_bytes");

    /// <summary>
    /// A field of /proc/self/status in bytes (e.g. <c>RssAnon</c>: private memory; <c>RssFile</c>: mapped files such as
    /// the runtime's libraries), or -1.
    /// </summary>
    public static long StatusBytes(string field) => ProcValue("/proc/self/status", field) is var kb and >= 0 ? 1024 * kb : -1;

    // The number after "field:" in a /proc file (a unit after it, such as kB, is left to the caller), or -1.
    private static long ProcValue(string path, string field)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>1-minute load average from /proc/loadavg (other work on the machine skews every figure).</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static long TotalMemoryMb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1_048_576;
}
