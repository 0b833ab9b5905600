using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>
/// Talks to an HLR in the CAI-style dialect (<c>CREATE:HLRSUB:…;</c> → <c>RESP:0;</c>) over a pool of logged-in TCP connections. Renders create, modify (SIM swap, profile,
/// barring), delete and read; an HLR holds no APN and no static IP, so those fields are ignored. Result codes other
/// than 0 come back as <see cref="NeOutcome.Rejected"/> with the code and its meaning.
/// </summary>
public sealed class CaiAdapter : INetworkElementAdapter
{
    private readonly HlrTextAdapter _core;

    /// <summary>Creates the adapter and its (empty) connection pool for one element.</summary>
    public CaiAdapter(NetworkElementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ElementId = options.Id;
        _core = new HlrTextAdapter(options, new CaiDialect());
    }

    /// <inheritdoc />
    public string ElementId { get; }

    /// <summary>Connections open to the element now.</summary>
    public int OpenConnections => _core.Pool.OpenConnections;

    /// <inheritdoc />
    public Task<NeReply> ExecuteAsync(SubscriberCommand command, CancellationToken cancellationToken) =>
        _core.ExecuteAsync(command, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _core.Dispose();
        return ValueTask.CompletedTask;
    }
}
