namespace NMcs.Provisioning.Contracts;

/// <summary>
/// Makes the adapter for elements of one protocol. Register one per protocol in DI
/// (<c>services.AddSingleton&lt;INetworkElementAdapterFactory, X&gt;()</c>); the gateway picks it by <see cref="Protocol"/>.
/// </summary>
public interface INetworkElementAdapterFactory
{
    /// <summary>The protocol this factory serves.</summary>
    NeProtocol Protocol { get; }

    /// <summary>Creates the adapter (and its connection pool) for one element.</summary>
    INetworkElementAdapter Create(NetworkElementOptions options);
}
