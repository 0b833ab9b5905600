using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>Makes a <see cref="CaiAdapter"/> for each element configured with <see cref="NeProtocol.Cai"/>.</summary>
public sealed class CaiAdapterFactory : INetworkElementAdapterFactory
{
    /// <inheritdoc />
    public NeProtocol Protocol => NeProtocol.Cai;

    /// <inheritdoc />
    public INetworkElementAdapter Create(NetworkElementOptions options) => new CaiAdapter(options);
}
