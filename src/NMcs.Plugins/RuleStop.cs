namespace NMcs.Plugins;

/// <summary>Why <see cref="RuleBudget"/> stopped a call.</summary>
internal enum RuleStop
{
    /// <summary>Not stopped.</summary>
    None,

    /// <summary>The call's time budget was spent.</summary>
    TimeBudget,

    /// <summary>The call recursed until the thread's stack was nearly full.</summary>
    Stack,
}
