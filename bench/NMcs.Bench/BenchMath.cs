namespace NMcs.Bench;

/// <summary>Small helpers shared by the rating, redeploy and publish benchmarks.</summary>
internal static class BenchMath
{
    /// <summary>Nearest-rank percentile (p in 0..1); NaN when there are no values.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Median (upper median for an even count) of the values.</summary>
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>Rounds for the JSON; -1 for NaN/infinity (JSON has no NaN).</summary>
    public static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : -1;

    public static double Mb(long bytes) => bytes / 1_048_576.0;

    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    /// <summary>
    /// Full blocking, compacting collections with finalizers in between (collectible load contexts need several
    /// rounds: the context's finalizer runs, then its assemblies become collectable), then the working set.
    /// </summary>
    public static (long WorkingSet, long ManagedHeap) Settle(int rounds = 3)
    {
        for (var i = 0; i < rounds; i++)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return (Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false));
    }
}
