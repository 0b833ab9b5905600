namespace NMcs.Plugins;

/// <summary>
/// A batch of plugin calls run on a worker thread under a per-call time budget. The caller hands the batch to a worker
/// as a <see cref="BudgetedRun"/>; for each item the worker first prepares the item's input (host code, not timed), then
/// publishes that the item's call starts and makes it; the caller abandons a call that overruns and continues the batch
/// with a new run on a fresh worker.
/// </summary>
/// <remarks>
/// The per-item path is kept free of clocks and atomic instructions, because a batch of cheap rule calls would
/// otherwise spend more time on bookkeeping than in the rules: the worker only writes the item's state and result
/// (plain stores) and reads whether its run was abandoned. The caller times a call by watching the published state (see
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

    private const int NotStarted = -1;

    // NotStarted; i while item i's call runs; Preparing(i) = -2 - i while item i's input is being prepared.
    private int _current = NotStarted;
    private int _state;

    /// <summary>First item of the run.</summary>
    public int Start { get; } = start;

    /// <summary>Index of the item whose call is running, or a negative value while none is (see <see cref="Unfinished"/>).</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>The first item that has no result yet: the one being prepared or called, or <see cref="Start"/> before any.</summary>
    public int Unfinished => Current switch
    {
        NotStarted => Start,
        < 0 and var preparing => -2 - preparing,
        var running => running,
    };

    /// <summary>True when the worker stopped outside the guarded call, leaving the current item and those after it without a result.</summary>
    public bool IsFailed => Volatile.Read(ref _state) == Failed;

    /// <summary>True once the caller has abandoned the run.</summary>
    protected bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

    /// <summary>Runs the items on the calling (worker) thread; false when the caller abandoned the run meanwhile.</summary>
    public abstract bool Run();

    /// <summary>The caller's side of the end of the run: true when it abandoned the run before the worker finished it.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Running) == Running;

    /// <summary>Publishes that item <paramref name="index"/>'s input is being prepared (the results before it are written).</summary>
    protected void Prepare(int index) => Volatile.Write(ref _current, -2 - index);

    /// <summary>Publishes that item <paramref name="index"/>'s call starts now: its time budget runs from here.</summary>
    protected void Begin(int index) => Volatile.Write(ref _current, index);

    /// <summary>The worker's side of the end of the run: true when it finished before the caller abandoned it.</summary>
    protected bool TryFinish() => Interlocked.CompareExchange(ref _state, Finished, Running) == Running;

    /// <summary>Like <see cref="TryFinish"/>, for a worker that failed outside the guarded call.</summary>
    protected bool TryFail() => Interlocked.CompareExchange(ref _state, Failed, Running) == Running;
}

/// <summary>
/// A <see cref="BudgetedWork"/> whose items are calls on an input of type <typeparamref name="TInput"/>, each giving a
/// value of type <typeparamref name="T"/>. The input is prepared on the worker right before the call and is not timed.
/// </summary>
internal sealed class BudgetedWork<TInput, T> : BudgetedWork
{
    private readonly Func<int, TInput> _prepare;
    private readonly Func<TInput, T> _body;
    private readonly Func<int, Exception, T> _onPrepareError;
    private readonly Func<int, Exception, T> _onError;
    private readonly Func<int, T> _onOverrun;
    private readonly Func<int, T> _onLost;

    /// <param name="count">Number of items.</param>
    /// <param name="prepare">Host code that makes item i's input; may run twice for one item after an abandonment.</param>
    /// <param name="body">The budgeted call.</param>
    /// <param name="onPrepareError">The result of an item whose <paramref name="prepare"/> threw (its call is skipped).</param>
    /// <param name="onError">The result of an item whose call threw.</param>
    /// <param name="onOverrun">The result of an item whose call overran its budget.</param>
    /// <param name="onLost">The result of an item left without one because a failure callback threw.</param>
    public BudgetedWork(
        int count,
        Func<int, TInput> prepare,
        Func<TInput, T> body,
        Func<int, Exception, T> onPrepareError,
        Func<int, Exception, T> onError,
        Func<int, T> onOverrun,
        Func<int, T> onLost)
        : base(count)
    {
        _prepare = prepare;
        _body = body;
        _onPrepareError = onPrepareError;
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

        // The worker failed outside the guarded code: the item it was on and all after it have no result.
        for (var i = run.Unfinished; i < Count; i++)
        {
            Results[i] = _onLost(i);
        }
    }

#pragma warning disable CA1031 // Host and plugin code may throw anything; it becomes a failure result, never a host crash.
    private bool TryPrepare(int index, out TInput input, out T failure)
    {
        try
        {
            input = _prepare(index);
            failure = default!;
            return true;
        }
        catch (Exception ex)
        {
            input = default!;
            failure = OnError(_onPrepareError, index, ex);
            return false;
        }
    }

    private T RunOne(int index, TInput input)
    {
        try
        {
            return _body(input);
        }
        catch (Exception ex)
        {
            return OnError(_onError, index, ex);
        }
    }

    private T OnError(Func<int, Exception, T> onError, int index, Exception ex)
    {
        try
        {
            return onError(index, ex);
        }
        catch (Exception)
        {
            return _onLost(index);
        }
    }
#pragma warning restore CA1031

    private sealed class ItemRun(BudgetedWork<TInput, T> work, int start, T[] results) : BudgetedRun(start)
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

                    Prepare(i);
                    if (!work.TryPrepare(i, out var input, out var failure))
                    {
                        results[i] = failure;
                        continue;
                    }

                    Begin(i);
                    results[i] = work.RunOne(i, input);
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
