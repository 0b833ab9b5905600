using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning;

/// <summary>
/// One network element, from configuration: <c>NMcs:Provisioning:Elements:&lt;n&gt;:…</c> (see docs/provisioning.md).
/// The password may be given directly or, better, as the name of an environment variable in <see cref="PasswordEnv"/>.
/// </summary>
public sealed class NetworkElementOptions
{
    /// <summary>The element's id, unique (e.g. "hlr-1").</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The protocol it speaks.</summary>
    public NeProtocol Protocol { get; set; } = NeProtocol.Cai;

    /// <summary>What the element is for, used to pick the elements of an order: "hlr", "hss", "pgw", "aaa".</summary>
    public IList<string> Roles { get; } = [];

    /// <summary>Host name or IP address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    public int Port { get; set; }

    /// <summary>HTTP path of the SOAP endpoint (SPML only).</summary>
    public string Path { get; set; } = "/spml";

    /// <summary>Login user name, when the protocol logs in.</summary>
    public string? User { get; set; }

    /// <summary>Login password (prefer <see cref="PasswordEnv"/>).</summary>
    public string? Password { get; set; }

    /// <summary>Name of an environment variable holding the password; wins over <see cref="Password"/>.</summary>
    public string? PasswordEnv { get; set; }

    /// <summary>Connections kept open to the element at most.</summary>
    public int PoolSize { get; set; } = 8;

    /// <summary>Time allowed for connecting.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Time allowed for one attempt of one command, from send to complete reply.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a transport failure (not after a rejection).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles with jitter on each retry.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Share of failed attempts in <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling window before the breaker can open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;

    /// <summary>Window over which the failure ratio is measured.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit refuses commands before letting one through.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The password to use: the environment variable when set, else <see cref="Password"/>.</summary>
    public string? ResolvePassword() =>
        PasswordEnv is { Length: > 0 } name && Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : Password;
}
