using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Tests.Support;

/// <summary>Wraps a real factory so a test can act (e.g. arm a fault elsewhere) just before a command is sent.</summary>
public sealed class HookedAdapterFactory(INetworkElementAdapterFactory inner, Func<string, SubscriberCommand, Task> beforeSend)
    : INetworkElementAdapterFactory
{
    public NeProtocol Protocol => inner.Protocol;

    public INetworkElementAdapter Create(NetworkElementOptions options) => new Hooked(inner.Create(options), beforeSend);

    private sealed class Hooked(INetworkElementAdapter adapter, Func<string, SubscriberCommand, Task> beforeSend) : INetworkElementAdapter
    {
        public string ElementId => adapter.ElementId;

        public async Task<NeReply> ExecuteAsync(SubscriberCommand command, CancellationToken cancellationToken)
        {
            await beforeSend(adapter.ElementId, command);
            return await adapter.ExecuteAsync(command, cancellationToken);
        }

        public ValueTask DisposeAsync() => adapter.DisposeAsync();
    }
}
