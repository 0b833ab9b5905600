using Microsoft.Extensions.Options;

namespace NMcs.Api.Ingestion;

/// <summary>
/// The bound on usage records held by ingestion at once (<see cref="IngestionOptions.MaxRecordsInFlight"/>), over all
/// requests and reprocessing runs. A request takes a slot per record as it reads them and gives all back when it has
/// answered; when no slot is left it is refused (429) instead of growing memory.
/// </summary>
public sealed class IngestionAdmission(IOptions<IngestionOptions> options)
{
    private long _inFlight;

    /// <summary>The bound.</summary>
    public int Limit { get; } = Math.Max(1, options?.Value.MaxRecordsInFlight ?? 1);

    /// <summary>Records in flight now.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>A lease that takes slots as records are read and returns them all when disposed.</summary>
    public IngestionLease OpenLease() => new(this);

    /// <summary>Takes <paramref name="count"/> slots if that stays within the bound.</summary>
    internal bool TryAcquire(int count)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _inFlight);
            if (current + count > Limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + count, current) == current)
            {
                IngestionMetrics.RecordsInFlight.Set(current + count);
                return true;
            }
        }
    }

    /// <summary>Gives back <paramref name="count"/> slots.</summary>
    internal void Release(int count)
    {
        if (count > 0)
        {
            IngestionMetrics.RecordsInFlight.Set(Interlocked.Add(ref _inFlight, -count));
        }
    }
}
