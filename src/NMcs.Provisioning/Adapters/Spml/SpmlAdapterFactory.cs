using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>Makes <see cref="SpmlAdapter"/>s for elements of protocol <see cref="NeProtocol.Spml"/>.</summary>
/// <param name="spmlOptions">Execution mode and authentication for every SPML element; defaults when null.</param>
/// <param name="timeProvider">Clock for timeouts and polling; the system clock when null.</param>
public sealed class SpmlAdapterFactory(SpmlAdapterOptions? spmlOptions = null, TimeProvider? timeProvider = null) : INetworkElementAdapterFactory
{
    /// <inheritdoc />
    public NeProtocol Protocol => NeProtocol.Spml;

    /// <inheritdoc />
    public INetworkElementAdapter Create(NetworkElementOptions options) => new SpmlAdapter(options, spmlOptions, timeProvider);
}
