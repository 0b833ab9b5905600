using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Provisioning;

/// <summary>
/// The in-silo event hub: every subscriber gets a bounded channel of its own (oldest dropped when full). It reaches
/// subscribers on the same silo only; <see cref="ProvisioningEventRelay"/> carries events between silos.
/// </summary>
public sealed class InProcessProvisioningEventHub : IProvisioningEventPublisher, IProvisioningEventSource
{
    private readonly Lock _gate = new();
    private readonly int _buffer;
    private Channel<ProvisioningEvent>[] _subscribers = [];

    /// <summary>Creates the hub; each subscriber may fall <paramref name="buffer"/> events behind.</summary>
    public InProcessProvisioningEventHub(int buffer = 10_000) => _buffer = buffer;

    /// <summary>How many subscriptions are open on this silo (a gauge, and a barrier for tests).</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <inheritdoc />
    public void Publish(ProvisioningEvent provisioningEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(provisioningEvent);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ProvisioningEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ProvisioningEvent>(new BoundedChannelOptions(_buffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(s => s != channel)];
            }
        }
    }
}
