using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using NMcs.Host;

namespace NMcs.Bench;

/// <summary>
/// The real N-MCS host (<see cref="NMcsHost.BuildAsync"/>: silo, embedded SQLite store, HTTP API) started inside the
/// benchmark process on free loopback ports, with a throw-away data directory and the test clock.
/// </summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private InProcessHost(WebApplication app, Uri baseAddress, string dataDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The host's services (its store, catalog and clock), for benchmarks that act as a second silo on the same store.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessHost> StartAsync(DateTimeOffset clockStart, bool fullSync, bool billingSchedule = true, IReadOnlyList<string>? extraArguments = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "nmcs-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        var httpPort = FreePort();
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var url = $"http://127.0.0.1:{httpPort}";
        string[] args =
        [
            "--urls", url,
            "--NMcs:DataDirectory=" + dataDirectory,
            "--NMcs:FullSync=" + (fullSync ? "true" : "false"),
            "--NMcs:TestClock:Enabled=true",
            "--NMcs:Billing:Schedule=" + (billingSchedule ? "true" : "false"),
            "--NMcs:TestClock:Start=" + clockStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            "--NMcs:Silo:SiloPort=" + siloPort,
            "--NMcs:Silo:GatewayPort=" + gatewayPort,

            // Keep stdout for the benchmark's own report: host logs go to stderr, warnings and worse only.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            .. extraArguments ?? [],
        ];
        var app = await NMcsHost.BuildAsync(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            TryDelete(dataDirectory);
            throw;
        }

        return new InProcessHost(app, new Uri(url + "/"), dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _app.StopAsync(timeout.Token);
            }
            finally
            {
                await _app.DisposeAsync();
                SqliteConnection.ClearAllPools();
                if (Environment.GetEnvironmentVariable("NMCS_BENCH_KEEP_DATA") == "1")
                {
                    Console.Error.WriteLine($"data kept in {DataDirectory} (NMCS_BENCH_KEEP_DATA=1)");
                }
                else
                {
                    TryDelete(DataDirectory);
                }
            }
        }
    }

    /// <summary>Bytes of the store files (database + WAL) in the data directory.</summary>
    public long StoreBytes() =>
        Directory.Exists(DataDirectory)
            ? new DirectoryInfo(DataDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: could not delete {directory}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"warning: could not delete {directory}: {e.Message}");
        }
    }
}
