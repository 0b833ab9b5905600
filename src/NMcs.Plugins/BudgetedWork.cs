using System.Diagnostics;

namespace NMcs.Plugins;

/// <summary>
/// A batch of plugin calls run on a worker thread under a per-call time budget. The worker publishes which item it is
/// running and since when; the waiting caller abandons an item that overruns and continues the batch on a fresh worker.
/// Each result slot is claimed exactly once (by the worker on completion or by the caller on abandonment), so a late
/// worker can never overwrite the "budget exceeded" result.
/// </summary>
internal abstract class BudgetedWork
{
    private const int Pending = 0;
    private const int Done = 1;
    private const int Abandoned = 2;

    private readonly int[] _state;
    private int _current = -1;
    private long _startedAt;

    protected BudgetedWork(int count)
    {
        Count = count;
        _state = new int[count];
    }

    public int Count { get; }

    /// <summary>Index of the item being run, or -1 before the (current) worker has started one.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary><see cref="Stopwatch"/> timestamp at which the current item started (never older than <see cref="Current"/>'s start).</summary>
    public long StartedAt => Volatile.Read(ref _startedAt);

    /// <summary>Runs items from <paramref name="start"/> on the calling (worker) thread; false when the caller abandoned one meanwhile.</summary>
    public abstract bool RunFrom(int start);

    /// <summary>Publishes that item <paramref name="index"/> starts now.</summary>
    protected void Begin(int index)
    {
        // Timestamp first, index second: a reader that sees index i sees i's timestamp or a later one.
        Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
        Volatile.Write(ref _current, index);
    }

    /// <summary>Claims item <paramref name="index"/> for the worker; false when the caller abandoned it meanwhile.</summary>
    protected bool TryComplete(int index) => Interlocked.CompareExchange(ref _state[index], Done, Pending) == Pending;

    /// <summary>Claims item <paramref name="index"/> for the caller and records it as overrun; false when it completed just now.</summary>
    public bool TryAbandon(int index)
    {
        if (Interlocked.CompareExchange(ref _state[index], Abandoned, Pending) != Pending)
        {
            return false;
        }

        SetOverrun(index);
        return true;
    }

    /// <summary>Forgets progress before a fresh worker continues the batch (the abandoned one no longer writes it).</summary>
    public void ResetProgress()
    {
        Volatile.Write(ref _startedAt, 0);
        Volatile.Write(ref _current, -1);
    }

    /// <summary>Fills any slot left pending by an unexpected worker failure, so no caller ever reads a default result.</summary>
    public void FillPending()
    {
        for (var i = 0; i < Count; i++)
        {
            if (Interlocked.CompareExchange(ref _state[i], Done, Pending) == Pending)
            {
                SetLost(i);
            }
        }
    }

    protected abstract void SetOverrun(int index);

    protected abstract void SetLost(int index);
}

/// <summary>A <see cref="BudgetedWork"/> whose items produce values of type <typeparamref name="T"/>.</summary>
internal sealed class BudgetedWork<T> : BudgetedWork
{
    private readonly Func<int, T> _body;
    private readonly Func<int, Exception, T> _onError;
    private readonly Func<int, T> _onOverrun;
    private readonly Func<int, T> _onLost;

    public BudgetedWork(int count, Func<int, T> body, Func<int, Exception, T> onError, Func<int, T> onOverrun, Func<int, T> onLost)
        : base(count)
    {
        _body = body;
        _onError = onError;
        _onOverrun = onOverrun;
        _onLost = onLost;
        Results = new T[count];
    }

    public T[] Results { get; }

    public override bool RunFrom(int start)
    {
        for (var i = start; i < Count; i++)
        {
            Begin(i);
            var value = RunOne(i);
            if (!TryComplete(i))
            {
                return false;
            }

            Results[i] = value;
        }

        return true;
    }

    private T RunOne(int index)
    {
        try
        {
            return _body(index);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; it becomes a failure result, never a host crash.
        catch (Exception ex)
        {
            try
            {
                return _onError(index, ex);
            }
            catch (Exception)
            {
                return _onLost(index);
            }
        }
#pragma warning restore CA1031
    }

    protected override void SetOverrun(int index) => Results[index] = _onOverrun(index);

    protected override void SetLost(int index) => Results[index] = _onLost(index);
}
