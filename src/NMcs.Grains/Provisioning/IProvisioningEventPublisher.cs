using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Provisioning;

/// <summary>
/// Where grains report order and SIM state changes, after the change is stored. Publishing never blocks and never
/// fails the caller: the stream is a notification, the stored state is the record. Registered as a singleton.
/// </summary>
public interface IProvisioningEventPublisher
{
    /// <summary>Hands the event to every current subscriber.</summary>
    void Publish(ProvisioningEvent provisioningEvent);
}

/// <summary>Where API code subscribes to the stream of <see cref="ProvisioningEvent"/>s.</summary>
public interface IProvisioningEventSource
{
    /// <summary>
    /// Receives every event published from now until <paramref name="cancellationToken"/> is cancelled. A subscriber
    /// that falls more than its buffer behind loses the oldest events (it can re-read state from the queries).
    /// </summary>
    IAsyncEnumerable<ProvisioningEvent> SubscribeAsync(CancellationToken cancellationToken);
}
