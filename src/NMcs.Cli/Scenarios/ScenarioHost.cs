using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using NMcs.Host;

namespace NMcs.Cli.Scenarios;

/// <summary>
/// A platform started in this process for one scenario: the real host (silo, store, API) on a fresh store in a
/// temporary folder, the test clock at the scenario's start, listening on a free loopback port.
/// </summary>
public sealed class ScenarioHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private ScenarioHost(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Client for the host's HTTP API.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts a host whose test clock starts at <paramref name="start"/>.</summary>
    public static async Task<ScenarioHost> StartAsync(DateTimeOffset start, CancellationToken cancellationToken = default)
    {
        // A free port can be taken by another process between choosing it and binding it: try again with new ports.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "nmcs-scenario-" + Guid.NewGuid().ToString("N"));
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var app = await NMcsHost.BuildAsync(
            [
                "--urls", address.ToString(),
                "--NMcs:DataDirectory=" + directory,
                "--NMcs:TestClock:Enabled=true",
                "--NMcs:TestClock:Start=" + start.ToString("O", CultureInfo.InvariantCulture),
                "--NMcs:Silo:SiloPort=" + FreePort().ToString(CultureInfo.InvariantCulture),
                "--NMcs:Silo:GatewayPort=" + FreePort().ToString(CultureInfo.InvariantCulture),
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Orleans=Error",
                "--Logging:Console:FormatterName=simple",
                // The runner prints its results (--json) on stdout: the host's own log lines go to stderr.
                "--Logging:Console:LogToStandardErrorThreshold=Trace",
            ]);
            try
            {
                await app.StartAsync(cancellationToken);
                return new ScenarioHost(app, directory, address);
            }
            catch (Exception e) when (attempt < 5 && (e is IOException or SocketException or OrleansException || e.InnerException is SocketException))
            {
                // The silo's listener reports a taken port as AddressInUseException wrapping the SocketException.
                await app.DisposeAsync();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
