namespace NMcs.Api.Ingestion;

/// <summary>Slots of <see cref="IngestionAdmission"/> held by one request; disposing gives them back.</summary>
public sealed class IngestionLease : IDisposable
{
    private readonly IngestionAdmission _admission;
    private int _held;

    internal IngestionLease(IngestionAdmission admission) => _admission = admission;

    /// <summary>Slots held.</summary>
    public int Held => _held;

    /// <summary>Takes <paramref name="count"/> more slots; false (taking none) when the bound would be exceeded.</summary>
    public bool TryAdd(int count)
    {
        ObjectDisposedException.ThrowIf(_held < 0, this);
        if (!_admission.TryAcquire(count))
        {
            return false;
        }

        _held += count;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_held >= 0)
        {
            _admission.Release(_held);
            _held = -1;
        }
    }
}
