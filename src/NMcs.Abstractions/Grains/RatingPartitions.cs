namespace NMcs.Abstractions.Grains;

/// <summary>Which rating partition rates an account.</summary>
public static class RatingPartitions
{
    /// <summary>
    /// The number of rating partitions. Fixed in the build, never configured: every silo of a cluster must send an
    /// account to the same partition, or two would keep counters for it.
    /// </summary>
    public const int Count = 32;

    /// <summary>
    /// The partition of <paramref name="accountId"/>: FNV-1a over the id's UTF-16 code units, modulo
    /// <see cref="Count"/>. The same on every silo and in every process (string hash codes are randomised per process).
    /// </summary>
    public static int Of(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var hash = 2166136261u;
        foreach (var c in accountId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
