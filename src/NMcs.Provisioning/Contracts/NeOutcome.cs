namespace NMcs.Provisioning.Contracts;

/// <summary>How a command on a network element ended.</summary>
public enum NeOutcome
{
    /// <summary>The element executed the command.</summary>
    Succeeded = 1,

    /// <summary>The element answered with an error code: it did not execute the command. Retrying will not help.</summary>
    Rejected = 2,

    /// <summary>
    /// No usable answer (timeout, dropped connection, garbage, open circuit) after the retries: the command may or may
    /// not have run on the element. The caller must check with <see cref="SubscriberAction.Get"/> or compensate.
    /// </summary>
    Unknown = 3,
}
