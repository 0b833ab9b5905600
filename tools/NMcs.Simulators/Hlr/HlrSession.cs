namespace NMcs.Simulators.Hlr;

/// <summary>Per-connection state.</summary>
internal sealed class HlrSession
{
    /// <summary>Whether a LOGIN / LGI succeeded on this connection (shared by both dialects).</summary>
    public bool LoggedIn { get; set; }
}
