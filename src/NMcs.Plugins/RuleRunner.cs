using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using NMcs.Rules;

namespace NMcs.Plugins;

/// <summary>
/// Runs rule code under a per-call time budget. A rule that throws, overruns or returns an invalid output yields a
/// failed <see cref="RuleCallResult"/> with the reason; nothing escapes into the host.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="RuleIsolation.Inline"/> (the default) calls the rule on the caller's thread. Every rule is compiled with
/// budget checkpoints at each loop iteration and method entry (see <see cref="RuleBudget"/>); the runner arms the
/// budget before each call, and the first checkpoint past the deadline ends the call with an exception rule code
/// cannot catch. A batch costs no hand-off at all. What a checkpoint cannot stop is one long call into the framework
/// (a huge string or LINQ operation with no rule code inside): it holds the caller's thread until it returns.
/// </para>
/// <para>
/// <see cref="RuleIsolation.WorkerThread"/> hands each batch to a dedicated worker thread. .NET cannot abort code
/// running in-process (there is no Thread.Abort on .NET Core), so an overrunning call is <em>abandoned</em>: the caller
/// stops waiting, the result is recorded as "time budget exceeded", and the worker thread is left to finish on its own
/// (its eventual result is ignored). If the rule never returns, that thread keeps burning CPU and keeps the rule's load
/// context alive until the process restarts; <see cref="RuleRunnerStats.AbandonedWorkersRunning"/> counts such threads.
/// Handing a call to a worker costs a few microseconds, so rate records in batches
/// (<see cref="RunBatch(CompiledRule, IReadOnlyList{RuleInput})"/>): a batch pays one hand-off and each record still
/// gets its own budget. The constructor and <c>Samples</c> getter at deploy always run on a worker.
/// </para>
/// </remarks>
public sealed class RuleRunner : IDisposable
{
    /// <summary>How long the caller spins for a batch before it blocks (a batch of ~2,000 quick calls takes about this long).</summary>
    private static readonly TimeSpan QuickBatch = TimeSpan.FromMicroseconds(500);

    private readonly ConcurrentBag<RuleWorker> _idle = [];
    private readonly int _maxIdle;
    private int _idleCount;
    private long _calls;
    private long _succeeded;
    private long _threw;
    private long _invalid;
    private long _overrun;
    private long _inputFailed;
    private int _abandonedRunning;
    private volatile bool _disposed;

    /// <summary>Creates a runner with default options (50 ms per call).</summary>
    public RuleRunner()
        : this(new RuleRunnerOptions())
    {
    }

    /// <summary>Creates a runner.</summary>
    public RuleRunner(RuleRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CallBudget, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DeployBudget, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxIdleWorkers);
        CallBudget = options.CallBudget;
        DeployBudget = options.DeployBudget;
        _maxIdle = options.MaxIdleWorkers;
        Isolation = options.Isolation;
    }

    /// <summary>Where rule calls run: on the caller's thread (default) or on worker threads.</summary>
    public RuleIsolation Isolation { get; }

    /// <summary>Time budget of one call in production rating.</summary>
    public TimeSpan CallBudget { get; }

    /// <summary>Time budget of constructor, <c>Samples</c> getter and cold sample runs at deploy.</summary>
    public TimeSpan DeployBudget { get; }

    /// <summary>Runs <paramref name="rule"/> on one input under <see cref="CallBudget"/>.</summary>
    public RuleCallResult Run(CompiledRule rule, RuleInput input) => Run(rule, input, CallBudget);

    /// <summary>Runs <paramref name="rule"/> on one input under <paramref name="budget"/>.</summary>
    public RuleCallResult Run(CompiledRule rule, RuleInput input, TimeSpan budget) => RunBatch(rule, [input], budget)[0];

    /// <summary>Runs <paramref name="rule"/> on each input, each under <see cref="CallBudget"/>; results are in input order.</summary>
    public RuleCallResult[] RunBatch(CompiledRule rule, IReadOnlyList<RuleInput> inputs) => RunBatch(rule, inputs, CallBudget);

    /// <summary>Runs <paramref name="rule"/> on each input, each under <paramref name="budget"/>; results are in input order.</summary>
    public RuleCallResult[] RunBatch(CompiledRule rule, IReadOnlyList<RuleInput> inputs, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return [.. RunBatch(rule, inputs.Count, i => inputs[i], budget)];
    }

    /// <summary>
    /// Runs <paramref name="rule"/> on <paramref name="count"/> inputs that <paramref name="input"/> builds right before
    /// each call (on the caller's thread inline, on the worker with <see cref="RuleIsolation.WorkerThread"/>), each call under <see cref="CallBudget"/>; results are in index order.
    /// </summary>
    public RuleBatchResults RunBatch(CompiledRule rule, int count, Func<int, RuleInput> input) => RunBatch(rule, count, input, CallBudget);

    /// <summary>
    /// Runs <paramref name="rule"/> on <paramref name="count"/> inputs that <paramref name="input"/> builds right before
    /// each call (on the caller's thread inline, on the worker with <see cref="RuleIsolation.WorkerThread"/>), each call under <paramref name="budget"/>; results are in index order.
    /// </summary>
    /// <remarks>
    /// <paramref name="input"/> is host code: it runs right before each call, on the thread that makes the call, and is
    /// not counted against the call's budget, so the input is made on the core that reads it and never crosses cores. If it throws or
    /// returns null, that item is <see cref="RuleCallStatus.InputFailed"/> and the rule is not called for it. After an
    /// abandoned call it may be called for the next index on two threads at once (the abandoned worker may race the
    /// abandonment), so it must not depend on being called once per index.
    /// </remarks>
    public RuleBatchResults RunBatch(CompiledRule rule, int count, Func<int, RuleInput> input, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        var instance = rule.Instance;
        var assembly = rule.Assembly;
        var name = rule.Name;
        var version = rule.Version;
        if (count == 0)
        {
            return new RuleBatchResults([], name, version);
        }

        RuleSlot[] slots;
        rule.Enter();
        try
        {
            slots = Isolation == RuleIsolation.Inline
                ? RunInline(instance, count, input, budget, assembly, name, version)
                : RunOnWorkers(instance, count, input, budget, assembly, name, version);
        }
        finally
        {
            rule.Exit();
        }

        long ok = 0, threw = 0, invalid = 0, overrun = 0, inputFailed = 0;
        foreach (var slot in slots)
        {
            switch (slot.Status)
            {
                case RuleCallStatus.Succeeded: ok++; break;
                case RuleCallStatus.Threw: threw++; break;
                case RuleCallStatus.InvalidOutput: invalid++; break;
                case RuleCallStatus.BudgetExceeded: overrun++; break;
                case RuleCallStatus.InputFailed: inputFailed++; break;
            }
        }

        Interlocked.Add(ref _calls, slots.Length);
        Interlocked.Add(ref _succeeded, ok);
        Interlocked.Add(ref _threw, threw);
        Interlocked.Add(ref _invalid, invalid);
        Interlocked.Add(ref _overrun, overrun);
        Interlocked.Add(ref _inputFailed, inputFailed);
        return new RuleBatchResults(slots, name, version);
    }

    /// <summary>
    /// Calls the rule on the caller's thread, arming <see cref="RuleBudget"/> before each call. The rule was compiled
    /// with checkpoints, so an overrun ends at the first checkpoint past the deadline with nothing left running.
    /// </summary>
    private static RuleSlot[] RunInline(ITariffRule instance, int count, Func<int, RuleInput> input, TimeSpan budget, Assembly assembly, string name, int version)
    {
        var slots = new RuleSlot[count];
        var ticks = RuleBudget.ToTicks(budget);
        try
        {
            for (var i = 0; i < count; i++)
            {
                RuleInput item;
                try
                {
                    item = input(i) ?? throw new InvalidOperationException("the input factory returned null");
                }
#pragma warning disable CA1031 // A host fault is reported per record, like a rule fault.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    slots[i] = InputFailed(ex, name, version);
                    continue;
                }

                // Armed per call (a stop is sticky only until then); the input factory above is host code with no checkpoints.
                RuleBudget.Arm(ticks);
                try
                {
                    slots[i] = Check(instance.Apply(item));
                }
#pragma warning disable CA1031 // Nothing a rule throws may escape into the host.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    slots[i] = RuleBudget.Stop == RuleStop.TimeBudget
                        ? RuleSlot.Failed(RuleCallStatus.BudgetExceeded, $"time budget exceeded: rule {name} v{version} ran longer than {Ms(budget)}; the call was stopped")
                        : RuleSlot.Failed(RuleCallStatus.Threw, DescribeException(ex, assembly));
                }
            }
        }
        finally
        {
            RuleBudget.Disarm();
        }

        return slots;
    }

    private RuleSlot[] RunOnWorkers(ITariffRule instance, int count, Func<int, RuleInput> input, TimeSpan budget, Assembly assembly, string name, int version)
    {
        var work = new BudgetedWork<RuleInput, RuleSlot>(
            count,
            i => input(i) ?? throw new InvalidOperationException("the input factory returned null"),
            i =>
            {
                // Unarmed: the caller times the call. This only clears a stop (deep recursion) left by the previous call.
                RuleBudget.Disarm();
                return Check(instance.Apply(i));
            },
            (_, ex) => InputFailed(ex, name, version),
            (_, ex) => RuleSlot.Failed(RuleCallStatus.Threw, DescribeException(ex, assembly)),
            _ => RuleSlot.Failed(RuleCallStatus.BudgetExceeded, $"time budget exceeded: rule {name} v{version} ran longer than {Ms(budget)}; the call was abandoned"),
            _ => RuleSlot.Failed(RuleCallStatus.Threw, "the rule worker failed unexpectedly"));
        Execute(work, budget);
        return work.Results;
    }

    private static RuleSlot InputFailed(Exception ex, string name, int version) => RuleSlot.Failed(
        RuleCallStatus.InputFailed,
        $"the host could not build the rule input ({ex.GetType().Name}: {ex.Message}); rule {name} v{version} was not called");

    /// <summary>A snapshot of the counters, for metrics.</summary>
    public RuleRunnerStats GetStats() => new(
        Interlocked.Read(ref _calls),
        Interlocked.Read(ref _succeeded),
        Interlocked.Read(ref _threw),
        Interlocked.Read(ref _invalid),
        Interlocked.Read(ref _overrun),
        Volatile.Read(ref _abandonedRunning),
        Interlocked.Read(ref _inputFailed));

    /// <summary>Stops the idle worker threads. Abandoned ones cannot be stopped; they end with the process.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var worker))
        {
            worker.Stop();
        }
    }

    /// <summary>Runs arbitrary plugin code (constructor, Samples getter) under a budget; the outcome is (value, null) or (default, reason).</summary>
    internal (T? Value, string? Failure) Invoke<T>(Func<T> body, TimeSpan budget, string what, Assembly assembly)
    {
        var work = new BudgetedWork<Func<T>, (T?, string?)>(
            1,
            _ => body,
            b =>
            {
                // Armed as well, so that a constructor or getter that never returns stops at a checkpoint instead of
                // burning its abandoned worker's core until the process restarts.
                RuleBudget.Arm(RuleBudget.ToTicks(budget));
                try
                {
                    return (b(), null);
                }
                finally
                {
                    RuleBudget.Disarm();
                }
            },
            (_, ex) => (default, $"{what}: the host failed: {ex.Message}"),
            (_, ex) => (default, ex is RuleBudgetExceededException or TargetInvocationException { InnerException: RuleBudgetExceededException }
                ? $"{what}: time budget exceeded: ran longer than {Ms(budget)}; the call was stopped"
                : $"{what}: {DescribeException(ex, assembly)}"),
            _ => (default, $"{what}: time budget exceeded: ran longer than {Ms(budget)}; the call was abandoned"),
            _ => (default, $"{what}: the rule worker failed unexpectedly"));
        Execute(work, budget);
        return work.Results[0];
    }

    internal void OnAbandonedWorkerExited() => Interlocked.Decrement(ref _abandonedRunning);

    /// <summary>
    /// Runs <paramref name="work"/> on a worker and waits for it, abandoning any item that runs longer than
    /// <paramref name="budget"/> and continuing after it on a fresh worker.
    /// </summary>
    /// <remarks>
    /// An item is timed by watching the worker's current index rather than by a clock read per item (which would cost
    /// as much as a cheap rule call): while a batch runs, the caller looks every tenth of the budget, and an item that
    /// is still current <paramref name="budget"/> after it was first seen has run at least that long. So no item is
    /// abandoned before its budget is spent, and an overrunning one is abandoned within about 1.2 budgets. A batch
    /// that finishes within a tenth of the budget, the usual case, costs the caller no wake-up at all.
    /// </remarks>
    private void Execute(BudgetedWork work, TimeSpan budget)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var probe = Probe(budget);
        var worker = Rent();
        var run = work.StartRun(0);
        worker.Start(run);
        var seen = -1;
        var seenAt = 0L;
        var wait = probe;
        var quick = SpinUntilDone(worker, run);
        while (true)
        {
            if (quick || worker.WaitDone(wait))
            {
                Return(worker);
                work.FillUnfinished(run);
                break;
            }

            var index = run.Current;
            var now = Stopwatch.GetTimestamp();
            if (index < 0)
            {
                // No call is running: the worker has not been scheduled yet, or it is preparing the next input. The
                // budget counts from when the rule's call starts.
                wait = probe;
                continue;
            }

            if (index != seen)
            {
                seen = index;
                seenAt = now;
                wait = probe;
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(seenAt, now);
            if (elapsed < budget)
            {
                wait = Min(probe, budget - elapsed + TimeSpan.FromMilliseconds(1));
                continue;
            }

            if (!work.TryAbandon(run, index))
            {
                // It finished right at the deadline; keep following the batch.
                wait = TimeSpan.FromMilliseconds(1);
                continue;
            }

            Interlocked.Increment(ref _abandonedRunning);
            worker.Abandon();
            if (index + 1 >= work.Count)
            {
                break;
            }

            worker = Rent();
            run = work.StartRun(index + 1);
            worker.Start(run);
            seen = -1;
            wait = probe;
        }
    }

    /// <summary>
    /// Waits up to <see cref="QuickBatch"/> for the worker by spinning instead of blocking, so a batch of quick calls
    /// does not also pay for waking this thread up again (tens of microseconds per hand-off, milliseconds on a busy
    /// machine). Until the worker has started an item this thread yields instead of spinning: the worker may be
    /// waiting for this very core. After that it no longer reads the worker's progress, which the worker writes for
    /// every item: reading it in a loop would bounce that cache line between the cores on every call.
    /// </summary>
    private static bool SpinUntilDone(RuleWorker worker, BudgetedRun run)
    {
        var start = Stopwatch.GetTimestamp();
        var started = false;
        while (!worker.IsDone)
        {
            if (Stopwatch.GetElapsedTime(start) >= QuickBatch)
            {
                return false;
            }

            started = started || run.Current >= 0;
            if (started)
            {
                Thread.SpinWait(20);
            }
            else
            {
                Thread.Yield();
            }
        }

        return true;
    }

    /// <summary>How often the caller looks at a running batch: a tenth of the budget, at least a millisecond.</summary>
    private static TimeSpan Probe(TimeSpan budget) => Min(budget, TimeSpan.FromTicks(Math.Max(budget.Ticks / 10, TimeSpan.TicksPerMillisecond)));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private RuleWorker Rent()
    {
        if (_idle.TryTake(out var worker))
        {
            Interlocked.Decrement(ref _idleCount);
            return worker;
        }

        return new RuleWorker(this);
    }

    private void Return(RuleWorker worker)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleCount);
            }

            worker.Stop();
            return;
        }

        _idle.Add(worker);
    }

    private static RuleSlot Check(RuleOutput? output)
    {
        if (output is null)
        {
            return RuleSlot.Failed(RuleCallStatus.InvalidOutput, "rule returned null instead of a RuleOutput");
        }

        var amount = output.Amount;
        if (amount < 0m)
        {
            return RuleSlot.Failed(
                RuleCallStatus.InvalidOutput,
                $"rule returned a negative amount ({amount.ToString(CultureInfo.InvariantCulture)}); amounts must be zero or more");
        }

        return output.Explanation is { } explanation
            ? new RuleSlot(RuleCallStatus.Succeeded, amount, explanation, output)
            : RuleSlot.Failed(RuleCallStatus.InvalidOutput, "rule returned no explanation");
    }

    private static string Ms(TimeSpan budget) => $"{budget.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms";

    /// <summary>"rule threw DivideByZeroException at Rule.cs line 14: Attempted to divide by zero."</summary>
    internal static string DescribeException(Exception ex, Assembly ruleAssembly)
    {
        if (ex is TargetInvocationException { InnerException: { } inner })
        {
            ex = inner;
        }

        var where = string.Empty;
        try
        {
            foreach (var frame in new StackTrace(ex, fNeedFileInfo: true).GetFrames())
            {
                if (frame.GetMethod()?.Module.Assembly == ruleAssembly && frame.GetFileLineNumber() > 0)
                {
                    where = $" at {Path.GetFileName(frame.GetFileName())} line {frame.GetFileLineNumber().ToString(CultureInfo.InvariantCulture)}";
                    break;
                }
            }
        }
#pragma warning disable CA1031 // Locating the line is a nicety; never fail the report over it.
        catch (Exception)
        {
        }
#pragma warning restore CA1031

        return $"rule threw {ex.GetType().Name}{where}: {ex.Message}";
    }
}
