namespace NMcs.Provisioning.Contracts;

/// <summary>
/// The per-silo provisioning gateway: owns one adapter (with its connection pool) per configured network element and
/// wraps every command in a per-command timeout, retries with backoff on transport failures, and a circuit breaker per
/// element. Registered as a singleton in DI.
/// </summary>
public interface IProvisioningGateway
{
    /// <summary>The configured elements.</summary>
    IReadOnlyList<NetworkElementOptions> Elements { get; }

    /// <summary>The ids of the elements that have <paramref name="role"/> (e.g. "hlr", "hss", "pgw").</summary>
    IReadOnlyList<string> ElementsWithRole(string role);

    /// <summary>
    /// Runs one command on one element. Never throws for element or transport failures: they come back as
    /// <see cref="NeOutcome.Rejected"/> or <see cref="NeOutcome.Unknown"/>. Throws <see cref="ArgumentException"/>
    /// for an element id that is not configured.
    /// </summary>
    Task<NeReply> ExecuteAsync(string elementId, SubscriberCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the steps in order; when one fails, runs the compensations of the steps before it in reverse order.
    /// A step whose outcome is unknown counts as failed and is compensated too (its own compensation is sent as well,
    /// since it may have run).
    /// </summary>
    Task<FanOutResult> FanOutAsync(IReadOnlyList<ProvisioningStep> steps, CancellationToken cancellationToken = default);
}
