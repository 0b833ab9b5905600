using System.Runtime.CompilerServices;

namespace NMcs.Plugins;

/// <summary>
/// A dedicated background thread that runs plugin code for <see cref="RuleRunner"/>. Rules never run on the
/// caller's thread (an Orleans scheduler thread, say), so a rule that never returns costs one abandoned worker
/// thread, not a host thread.
/// </summary>
#pragma warning disable CA1001 // The thread owns its events and disposes them when it exits; nobody else may.
internal sealed class RuleWorker
#pragma warning restore CA1001
{
    private readonly RuleRunner _runner;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _go = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private BudgetedRun? _run;
    private volatile bool _stopped;

    public RuleWorker(RuleRunner runner)
    {
        _runner = runner;
        _thread = new Thread(Loop) { IsBackground = true, Name = "nmcs-rule-worker" };
        _thread.Start();
    }

    public void Start(BudgetedRun run)
    {
        _done.Reset();
        _run = run;
        _go.Release();
    }

    public bool WaitDone(TimeSpan timeout) => _done.Wait(timeout);

    /// <summary>True once the worker has finished the run it was given (or failed outside the guarded call).</summary>
    public bool IsDone => _done.IsSet;

    /// <summary>Gives up on this worker: it is stuck in plugin code that cannot be aborted. It exits if the call ever returns.</summary>
    public void Abandon()
    {
        try
        {
            // Best effort: let the runaway loop yield to useful work. Ignored where the OS does not allow it.
            _thread.Priority = ThreadPriority.Lowest;
        }
        catch (ThreadStateException)
        {
        }
    }

    public void Stop()
    {
        _stopped = true;
        _go.Release();
    }

    private void Loop()
    {
        try
        {
            Serve();
        }
        finally
        {
            _go.Dispose();
            _done.Dispose();
        }
    }

    /// <summary>
    /// Runs the current batch in its own frame and drops it: an idle worker (whose loop frame lives forever) must not
    /// keep the last rule instance, and with it an unloaded load context, reachable.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RunCurrent()
    {
        try
        {
            return _run!.Run();
        }
        finally
        {
            _run = null;
        }
    }

    private void Serve()
    {
        while (true)
        {
            _go.Wait();
            if (_stopped)
            {
                return;
            }

            var completed = RunCurrent();
            if (!completed)
            {
                // The caller abandoned an item while it ran; it has moved on with another worker.
                _runner.OnAbandonedWorkerExited();
                return;
            }

            _done.Set();
        }
    }
}
