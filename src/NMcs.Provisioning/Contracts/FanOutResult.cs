namespace NMcs.Provisioning.Contracts;

/// <summary>How a fan-out ended.</summary>
public enum FanOutStatus
{
    /// <summary>Every step succeeded.</summary>
    Completed = 1,

    /// <summary>A step failed; every earlier step was compensated, so the elements are as before.</summary>
    Failed = 2,

    /// <summary>A step failed and at least one compensation failed too: the elements disagree and need an operator.</summary>
    Partial = 3,
}

/// <summary>The result of running steps in order with compensation.</summary>
/// <param name="Status">Completed, failed (rolled back), or partial.</param>
/// <param name="Steps">The reply of each step that was run, in order.</param>
/// <param name="Compensations">The reply of each compensation that was run, in the order run (reverse of the steps).</param>
public sealed record FanOutResult(FanOutStatus Status, IReadOnlyList<NeReply> Steps, IReadOnlyList<NeReply> Compensations)
{
    /// <summary>The first failed step's reply, if any.</summary>
    public NeReply? FailedStep => Steps.FirstOrDefault(s => !s.Succeeded);
}
