using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>Makes a <see cref="MmlAdapter"/> for each element configured with <see cref="NeProtocol.Mml"/>.</summary>
public sealed class MmlAdapterFactory : INetworkElementAdapterFactory
{
    /// <inheritdoc />
    public NeProtocol Protocol => NeProtocol.Mml;

    /// <inheritdoc />
    public INetworkElementAdapter Create(NetworkElementOptions options) => new MmlAdapter(options);
}
