namespace NMcs.Plugins;

/// <summary>
/// A batch of plugin calls run on a worker thread under a per-call time budget. The caller hands the batch to a worker
/// as a <see cref="BudgetedRun"/>; the worker publishes which item it is running; the caller abandons an item that
/// overruns and continues the batch with a new run on a fresh worker.
/// </summary>
/// <remarks>
/// The per-item path is kept free of clocks and atomic instructions, because a batch of cheap rule calls would
/// otherwise spend more time on bookkeeping than in the rules: the worker only writes the item's index and result
/// (plain stores) and reads whether its run was abandoned. The caller times an item by watching the index (see
/// <see cref="RuleRunner"/>), and an abandoned run's late writes cannot touch the results the caller returns: on
/// abandonment the caller takes the finished items into a fresh results array that the old run never sees. The end of
/// a run is decided exactly once (finished by the worker or abandoned by the caller, one compare-and-swap per run), so a
/// worker is either returned to the pool or counted as abandoned, never both.
/// </remarks>
internal abstract class BudgetedWork
{
    protected BudgetedWork(int count) => Count = count;

    public int Count { get; }

    /// <summary>A run of this batch from item <paramref name="start"/>, for one worker.</summary>
    public abstract BudgetedRun StartRun(int start);

    /// <summary>
    /// Claims <paramref name="run"/>'s current item <paramref name="index"/> for the caller and records it as overrun;
    /// false when the run finished just now (its results stand).
    /// </summary>
    public abstract bool TryAbandon(BudgetedRun run, int index);

    /// <summary>Fills the items a failed run left without a result (see <see cref="BudgetedRun.IsFailed"/>).</summary>
    public abstract void FillUnfinished(BudgetedRun run);
}

/// <summary>One worker's stretch of a <see cref="BudgetedWork"/>: from an item to the end of the batch, or until abandoned.</summary>
internal abstract class BudgetedRun(int start)
{
    private const int Running = 0;
    private const int Finished = 1;
    private const int Failed = 2;
    private const int Abandoned = 3;

    private int _current = -1;
    private int _state;

    /// <summary>First item of the run.</summary>
    public int Start { get; } = start;

    /// <summary>Index of the item being run, or -1 before the worker has started one.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>True when the worker stopped outside the guarded call, leaving the current item and those after it without a result.</summary>
    public bool IsFailed => Volatile.Read(ref _state) == Failed;

    /// <summary>True once the caller has abandoned the run.</summary>
    protected bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

    /// <summary>Runs the items on the calling (worker) thread; false when the caller abandoned the run meanwhile.</summary>
    public abstract bool Run();

    /// <summary>The caller's side of the end of the run: true when it abandoned the run before the worker finished it.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Running) == Running;

    /// <summary>Publishes that item <paramref name="index"/> starts now (the results before it are written).</summary>
    protected void Begin(int index) => Volatile.Write(ref _current, index);

    /// <summary>The worker's side of the end of the run: true when it finished before the caller abandoned it.</summary>
    protected bool TryFinish() => Interlocked.CompareExchange(ref _state, Finished, Running) == Running;

    /// <summary>Like <see cref="TryFinish"/>, for a worker that failed outside the guarded call.</summary>
    protected bool TryFail() => Interlocked.CompareExchange(ref _state, Failed, Running) == Running;
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

    /// <summary>The results, in item order; complete once the runner's wait for the batch has ended.</summary>
    public T[] Results { get; private set; }

    public override BudgetedRun StartRun(int start) => new ItemRun(this, start, Results);

    public override bool TryAbandon(BudgetedRun run, int index)
    {
        if (!run.TryAbandon())
        {
            return false;
        }

        // The abandoned worker may still write into the array it was given (the overrunning item's late result, or
        // at most the next item's if it raced the abandonment): carry on in a copy it never sees. Items before index
        // are complete: the worker wrote each result before publishing the next index.
        var results = new T[Count];
        Array.Copy(Results, results, index);
        results[index] = _onOverrun(index);
        Results = results;
        return true;
    }

    public override void FillUnfinished(BudgetedRun run)
    {
        if (!run.IsFailed)
        {
            return;
        }

        // The worker failed outside the guarded call: the item it was running and all after it have no result.
        var current = run.Current;
        for (var i = current < 0 ? run.Start : current; i < Count; i++)
        {
            Results[i] = _onLost(i);
        }
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

    private sealed class ItemRun(BudgetedWork<T> work, int start, T[] results) : BudgetedRun(start)
    {
        public override bool Run()
        {
            try
            {
                for (var i = Start; i < work.Count; i++)
                {
                    if (IsAbandoned)
                    {
                        return false;
                    }

                    Begin(i);
                    results[i] = work.RunOne(i);
                }

                return TryFinish();
            }
#pragma warning disable CA1031 // Only the failure callbacks can get here; the caller fills the rest with failures.
            catch (Exception)
            {
                return TryFail();
            }
#pragma warning restore CA1031
        }
    }
}
