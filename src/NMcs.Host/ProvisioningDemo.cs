using System.Globalization;
using NMcs.Provisioning;
using NMcs.Simulators.Hlr;
using NMcs.Simulators.Hss;
using NMcs.Simulators.Tcp;

namespace NMcs.Host;

/// <summary>
/// The host's demo switch, <c>NMcs:Provisioning:Demo=true</c>: starts the HLR (CAI), HSS (SPML) and PGW (TCP)
/// simulators of tools/NMcs.Simulators in this process on 127.0.0.1 ephemeral ports and configures one network
/// element for each (roles hlr, hss, pgw), so orders run against real sockets without any network element. Stopped
/// with the host.
/// </summary>
public sealed class ProvisioningDemo : IHostedService, IAsyncDisposable
{
    /// <summary>The switch: <c>NMcs:Provisioning:Demo</c>.</summary>
    public const string SwitchKey = ProvisioningOptions.SectionName + ":Demo";

    /// <summary>The account the simulators accept and the elements log in with.</summary>
    public const string User = "nmcs";

    private const string Password = "nmcs";

    private readonly HlrSimulator _hlr = new(User, Password);
    private readonly HssSimulator _hss = new(User, Password);
    private readonly TcpElementSimulator _pgw = new(User, Password);
    private bool _disposed;

    private ProvisioningDemo()
    {
    }

    /// <summary>The HLR simulator's port (CAI and MML over TCP).</summary>
    public int HlrPort => _hlr.Port;

    /// <summary>The HSS simulator's port (SPML over SOAP/HTTP, path <c>/spml</c>).</summary>
    public int HssPort => _hss.Port;

    /// <summary>The PGW simulator's port (length-prefixed TCP frames).</summary>
    public int PgwPort => _pgw.Port;

    /// <summary>
    /// Starts the simulators when <see cref="SwitchKey"/> is true in <paramref name="configuration"/>; null when it is
    /// not. Refuses the switch together with configured elements, since the demo's elements would mix with them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The switch is on and <c>NMcs:Provisioning:Elements</c> is set too, or the switch is not a boolean.</exception>
    public static async Task<ProvisioningDemo?> StartIfEnabledAsync(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[SwitchKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!bool.TryParse(value, out var enabled))
        {
            throw new InvalidOperationException($"{SwitchKey} must be true or false, not '{value}'.");
        }

        if (!enabled)
        {
            return null;
        }

        if (configuration.GetSection(ProvisioningOptions.SectionName + ":Elements").GetChildren().Any())
        {
            throw new InvalidOperationException(
                $"{SwitchKey}=true configures its own elements; remove {ProvisioningOptions.SectionName}:Elements or the demo switch.");
        }

        var demo = new ProvisioningDemo();
        try
        {
            await demo._hlr.StartAsync(0);
            await demo._hss.StartAsync(0);
            await demo._pgw.StartAsync(0);
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }

        return demo;
    }

    /// <summary>
    /// The configuration of the three elements (<c>NMcs:Provisioning:Elements:0..2</c>): hlr-sim (CAI, role hlr),
    /// hss-sim (SPML, role hss) and pgw-sim (TCP, role pgw), 8 connections each.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Element(int index, string id, string protocol, string role, int port)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{ProvisioningOptions.SectionName}:Elements:{index}:");
            settings[prefix + "Id"] = id;
            settings[prefix + "Protocol"] = protocol;
            settings[prefix + "Roles:0"] = role;
            settings[prefix + "Host"] = "127.0.0.1";
            settings[prefix + "Port"] = port.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "User"] = User;
            settings[prefix + "Password"] = Password;
        }

        Element(0, "hlr-sim", "Cai", "hlr", HlrPort);
        Element(1, "hss-sim", "Spml", "hss", HssPort);
        Element(2, "pgw-sim", "Tcp", "pgw", PgwPort);
        return settings;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _hlr.DisposeAsync();
        await _hss.DisposeAsync();
        await _pgw.DisposeAsync();
    }
}
