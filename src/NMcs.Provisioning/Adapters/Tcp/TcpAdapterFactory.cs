using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Tcp;

/// <summary>Makes <see cref="TcpAdapter"/>s for elements of protocol <see cref="NeProtocol.Tcp"/>.</summary>
/// <param name="timeProvider">Clock for timeouts; the system clock when null.</param>
public sealed class TcpAdapterFactory(TimeProvider? timeProvider = null) : INetworkElementAdapterFactory
{
    /// <inheritdoc />
    public NeProtocol Protocol => NeProtocol.Tcp;

    /// <inheritdoc />
    public INetworkElementAdapter Create(NetworkElementOptions options) => new TcpAdapter(options, timeProvider);
}
