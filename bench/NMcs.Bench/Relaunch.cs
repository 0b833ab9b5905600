using System.Diagnostics;

namespace NMcs.Bench;

/// <summary>Runs this benchmark again as a child process with <c>MALLOC_ARENA_MAX=2</c>, as the systemd unit starts NMcs.Host.</summary>
internal static class Relaunch
{
    public static async Task<int> WithArenaCapAsync(string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the benchmark's own executable is unknown; start it with MALLOC_ARENA_MAX=2 set.");
        var start = new ProcessStartInfo(self) { UseShellExecute = false };

        // Started as `dotnet NMcs.Bench.dll …` the process is dotnet, and the assembly goes first.
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(Relaunch).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MALLOC_ARENA_MAX"] = "2";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the benchmark again with MALLOC_ARENA_MAX=2.");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
