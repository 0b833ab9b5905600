using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Grains.Provisioning;
using NMcs.Host;

namespace NMcs.IntegrationTests.Subscriptions;

/// <summary>
/// The real host (<see cref="NMcsHost.BuildAsync"/>: silo, store, HTTP and WebSocket API on 127.0.0.1) inside the
/// test process, so tests can publish provisioning events through the host's own services. A short
/// connection-init timeout (2 s) and server keep-alive (1 s) keep the protocol tests quick.
/// </summary>
public sealed class SubscriptionHostFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nmcs-ws-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the host is not running.");

    /// <summary>Where grains publish (and tests too).</summary>
    public IProvisioningEventPublisher Publisher => Services.GetRequiredService<IProvisioningEventPublisher>();

    /// <summary>The silo's hub: its subscriber count is the barrier between "subscribed" and "publish".</summary>
    public InProcessProvisioningEventHub Hub => Services.GetRequiredService<InProcessProvisioningEventHub>();

    public async Task InitializeAsync()
    {
        // A free port can be taken by another process between choosing it and binding it: try again with new ports.
        for (var attempt = 1; ; attempt++)
        {
            var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}/"));
            var app = await NMcsHost.BuildAsync(
            [
                "--urls", address.ToString().TrimEnd('/'),
                "--NMcs:DataDirectory=" + _directory,
                "--NMcs:TestClock:Enabled=true",
                "--NMcs:TestClock:Start=2026-03-01T00:00:00Z",
                "--NMcs:Billing:Schedule=false",
                "--NMcs:Silo:SiloPort=" + FreePort().ToString(CultureInfo.InvariantCulture),
                "--NMcs:Silo:GatewayPort=" + FreePort().ToString(CultureInfo.InvariantCulture),
                "--NMcs:GraphQL:WebSocket:ConnectionInitTimeout=00:00:02",
                "--NMcs:GraphQL:WebSocket:KeepAliveInterval=00:00:01",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Orleans=Error",
            ]);
            try
            {
                await app.StartAsync();
                _app = app;
                BaseAddress = address;
                Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
                return;
            }
            catch (Exception e) when (attempt < 5 && e is IOException or SocketException or OrleansException)
            {
                await app.DisposeAsync();
            }
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

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

    /// <summary>Waits until exactly <paramref name="count"/> event subscriptions are open on the silo.</summary>
    public async Task WaitForSubscribersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Hub.SubscriberCount != count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} open event subscriptions, the hub has {Hub.SubscriberCount}.");
            }

            await Task.Delay(10);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
