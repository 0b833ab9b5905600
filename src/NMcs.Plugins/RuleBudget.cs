using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NMcs.Plugins;

/// <summary>
/// The cooperative time budget of rule code. The rule compiler injects <see cref="Enter"/> at the entry of every
/// method, accessor, constructor, local function and lambda of a rule, <see cref="Checkpoint"/> at the top of every
/// loop body, and <c>when (!RuleBudget.Exhausted &amp;&amp; ...)</c> into every catch clause. The runner arms the
/// budget around each call on the calling thread; at a checkpoint past the deadline the call ends with a
/// <see cref="RuleBudgetExceededException"/> that rule code cannot catch.
/// </summary>
/// <remarks>
/// Public only because compiled rules call it; rule source cannot name it (namespace NMcs.Plugins is not on the
/// allow-list). The state is per thread, and once the budget is spent it stays spent (every later checkpoint throws
/// again, every catch filter is false) until the runner arms the next call, so neither a catch nor a finally block
/// can keep a stopped call alive. The clock is read only every <see cref="ClockEvery"/> checkpoints.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RuleBudget
{
    /// <summary>Checkpoints between two clock reads: a clock read costs ~25 ns, a checkpoint without one ~1 ns.</summary>
    internal const int ClockEvery = 32;

    /// <summary>Checkpoints before a call's first clock read: a quick call (most are) never reads the clock.</summary>
    internal const int FirstClockAfter = 8;

    // Stopwatch timestamp after which the call is over; 0 = not yet anchored (or no budget armed).
    [ThreadStatic]
    private static long _deadline;

    // The armed call's budget in Stopwatch ticks; 0 = no budget armed on this thread (checkpoints only count).
    [ThreadStatic]
    private static long _budget;

    // Checkpoints left until the next clock read; kept at 0 once stopped so that every checkpoint takes the slow path.
    [ThreadStatic]
    private static int _countdown;

    [ThreadStatic]
    private static RuleStop _stop;

    /// <summary>True once the current call was stopped (budget spent, or stack nearly full); catch filters read it.</summary>
    public static bool Exhausted => _stop != RuleStop.None;

    /// <summary>Loop-body checkpoint: throws once the budget of the current call is spent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Checkpoint()
    {
        if (--_countdown < 0)
        {
            Slow();
        }
    }

    /// <summary>Method-entry checkpoint: as <see cref="Checkpoint"/>, and stops the call before the stack overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter()
    {
        if (--_countdown < 0)
        {
            Slow();
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            StackFull();
        }
    }

    /// <summary>Why the current call was stopped, if it was.</summary>
    internal static RuleStop Stop => _stop;

    /// <summary>
    /// Arms a budget of <paramref name="budgetTicks"/> Stopwatch ticks for the next call on this thread. No clock is
    /// read here: the deadline is anchored at the call's first clock read, after <see cref="FirstClockAfter"/>
    /// checkpoints, so the budget starts up to that many checkpoints late (nanoseconds for rule code, longer only if
    /// those checkpoints are separated by long framework calls).
    /// </summary>
    internal static void Arm(long budgetTicks)
    {
        _stop = RuleStop.None;
        _countdown = FirstClockAfter;
        _deadline = 0;
        _budget = budgetTicks;
    }

    /// <summary>Disarms: rule code that runs later on this thread outside a call (it should not) has no budget.</summary>
    internal static void Disarm()
    {
        _budget = 0;
        _deadline = 0;
        _stop = RuleStop.None;
        _countdown = ClockEvery;
    }

    /// <summary>Converts <paramref name="budget"/> to Stopwatch ticks.</summary>
    internal static long ToTicks(TimeSpan budget) => (long)Math.Min(long.MaxValue / 4, budget.TotalSeconds * Stopwatch.Frequency);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Slow()
    {
        switch (_stop)
        {
            case RuleStop.TimeBudget:
                _countdown = 0;
                throw new RuleBudgetExceededException();
            case RuleStop.Stack:
                _countdown = 0;
                throw new InsufficientExecutionStackException("the rule recursed too deeply");
        }

        _countdown = ClockEvery;
        if (_budget == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (_deadline == 0)
        {
            _deadline = now + _budget;
            return;
        }

        if (now > _deadline)
        {
            _stop = RuleStop.TimeBudget;
            _countdown = 0;
            throw new RuleBudgetExceededException();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StackFull()
    {
        _stop = RuleStop.Stack;
        _countdown = 0;
        throw new InsufficientExecutionStackException("the rule recursed too deeply");
    }
}
