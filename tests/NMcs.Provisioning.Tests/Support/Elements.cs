using NMcs.Provisioning.Adapters.Hlr;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Tests.Support;

/// <summary>Element options and gateways for tests: small timeouts, a breaker that stays out of the way.</summary>
public static class Elements
{
    public static readonly INetworkElementAdapterFactory[] HlrFactories = [new CaiAdapterFactory(), new MmlAdapterFactory()];

    /// <summary>An element id unique to the test, so metric values do not mix between tests.</summary>
    public static string NewId(string prefix = "hlr") => $"{prefix}-{Guid.NewGuid():N}"[..16];

    public static NetworkElementOptions For(SimulatedHlr hlr, NeProtocol protocol, string? id = null, int poolSize = 1) => new()
    {
        Id = id ?? NewId(),
        Protocol = protocol,
        Roles = { "hlr" },
        Host = "127.0.0.1",
        Port = hlr.Port,
        User = SimulatedHlr.User,
        Password = SimulatedHlr.Password,
        PoolSize = poolSize,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        // Generous, so a loaded machine does not turn a normal command into a retry; the timeout tests set their own.
        CommandTimeout = TimeSpan.FromSeconds(2),
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        BreakerMinimumThroughput = 1000,
    };

    public static ProvisioningGateway Gateway(params NetworkElementOptions[] elements) => new(elements, HlrFactories);
}
