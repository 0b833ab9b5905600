namespace NMcs.Api.Ingestion;

/// <summary>
/// The record ids seen so far in one batch. One <see cref="HashSet{T}"/> of a 5,000-record batch already has an entry
/// array past the large object heap's threshold (85,000 bytes), and every such array counts toward a full (gen2)
/// collection: the ids are spread over as many sets as keep each under about <see cref="PerSet"/> entries.
/// </summary>
internal sealed class RecordIdSet
{
    /// <summary>Ids per set at most, as sized: 16 bytes an entry, so about 48 KB of entries.</summary>
    internal const int PerSet = 3_000;

    private readonly HashSet<string>[] _sets;

    /// <param name="capacity">The number of ids expected (a batch's records); more still fit, in larger sets.</param>
    public RecordIdSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var count = 1;
        while (count * PerSet < capacity)
        {
            count *= 2;
        }

        _sets = new HashSet<string>[count];
        for (var i = 0; i < count; i++)
        {
            _sets[i] = new HashSet<string>(Math.Min(capacity, PerSet), StringComparer.Ordinal);
        }
    }

    /// <summary>Adds <paramref name="id"/>; false when it was added before.</summary>
    public bool Add(string id) => SetOf(id).Add(id);

    /// <summary>Whether <paramref name="id"/> was added.</summary>
    public bool Contains(string id) => SetOf(id).Contains(id);

    // A power of two sets: the low bits of the id's hash pick one (the set hashes the id again for its own buckets).
    private HashSet<string> SetOf(string id) => _sets[StringComparer.Ordinal.GetHashCode(id) & (_sets.Length - 1)];
}
