namespace NMcs.Plugins;

/// <summary>
/// Thrown by <see cref="RuleBudget"/> at a checkpoint of rule code once the call's time budget is spent. Rule code
/// cannot catch it (every catch clause of a rule is filtered); the runner turns it into
/// <see cref="RuleCallStatus.BudgetExceeded"/>.
/// </summary>
public sealed class RuleBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleBudgetExceededException()
        : base("the rule's time budget is spent")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RuleBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public RuleBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
