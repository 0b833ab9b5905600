namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>Settings of the SPML adapter that <see cref="NetworkElementOptions"/> does not cover.</summary>
public sealed class SpmlAdapterOptions
{
    /// <summary>Synchronous (default) or asynchronous with <c>statusRequest</c> polling.</summary>
    public SpmlExecutionMode ExecutionMode { get; set; } = SpmlExecutionMode.Synchronous;

    /// <summary>HTTP Basic (default) or a WS-Security UsernameToken.</summary>
    public SpmlAuthentication Authentication { get; set; } = SpmlAuthentication.Basic;

    /// <summary>Wait between two <c>statusRequest</c>s in asynchronous mode.</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
