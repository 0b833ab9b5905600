namespace NMcs.Provisioning.Contracts;

/// <summary>
/// Talks to one network element in its protocol: renders a <see cref="SubscriberCommand"/>, sends it over a pooled
/// connection, and parses the answer. One attempt per call: retries, the circuit breaker and timeouts across attempts
/// belong to the gateway. Throws <see cref="NeTransportException"/> when there is no usable answer (the outcome is
/// unknown); returns a <see cref="NeReply"/> with <see cref="NeOutcome.Rejected"/> when the element says no.
/// Thread-safe: many commands may run at once, up to the pool size.
/// </summary>
public interface INetworkElementAdapter : IAsyncDisposable
{
    /// <summary>The element's id from configuration.</summary>
    string ElementId { get; }

    /// <summary>Sends one command and returns the element's answer.</summary>
    Task<NeReply> ExecuteAsync(SubscriberCommand command, CancellationToken cancellationToken);
}
