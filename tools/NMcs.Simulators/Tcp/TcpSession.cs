namespace NMcs.Simulators.Tcp;

/// <summary>Per-connection state.</summary>
internal sealed class TcpSession
{
    /// <summary>Whether a LOGIN succeeded on this connection.</summary>
    public bool LoggedIn { get; set; }
}
