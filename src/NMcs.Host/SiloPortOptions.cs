namespace NMcs.Host;

/// <summary>Ports of the silo (configuration <c>NMcs:Silo</c>); each silo on one machine needs its own pair.</summary>
public sealed class SiloPortOptions
{
    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;
}
