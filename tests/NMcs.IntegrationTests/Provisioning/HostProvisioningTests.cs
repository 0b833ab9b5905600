using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains.Orders;
using NMcs.Host;
using NMcs.IntegrationTests.Http;
using NMcs.Provisioning.Contracts;
using NMcs.Storage;

namespace NMcs.IntegrationTests.Provisioning;

/// <summary>
/// The host's provisioning wiring, in-process through <see cref="NMcsHost.BuildAsync"/>: the demo switch runs orders
/// against the simulators, and a bad element list stops the host at start naming its key.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class HostProvisioningTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_demo_switch_runs_orders_against_the_hlr_and_hss_simulators()
    {
        var (app, folder) = await BuildAsync("--NMcs:Provisioning:Demo=true");
        try
        {
            await app.StartAsync();
            var demo = app.Services.GetServices<IHostedService>().OfType<ProvisioningDemo>().Single();
            Assert.All(new[] { demo.HlrPort, demo.HssPort, demo.PgwPort }, port => Assert.InRange(port, 1, 65535));
            var gateway = app.Services.GetRequiredService<IProvisioningGateway>();
            Assert.Equal(new[] { "hlr-sim", "hss-sim", "pgw-sim" }, gateway.Elements.Select(e => e.Id));
            Assert.Equal(new[] { "pgw-sim" }, gateway.ElementsWithRole("pgw"));

            var catalog = app.Services.GetRequiredService<ProductCatalog>();
            var draft = await catalog.SaveDraftAsync(new ProductOffering
            {
                Id = "DEMO-DATA",
                Version = 0,
                Name = "Demo data",
                ValidFrom = Start,
                Currency = Currency.Eur,
                UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.01m }],
            });
            await catalog.PublishAsync(draft.Id, draft.Version);
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<ICustomerGrain>("DEMO").Create("Demo", "EUR", "UTC");
            const string iccid = "8944500102198304826";
            const string msisdn = "4915112345678";
            await grains.GetGrain<ISimGrain>(iccid).Register("262011234567890", msisdn);
            var submission = app.Services.GetRequiredService<OrderSubmission>();

            var orders = new List<OrderInfo>();
            foreach (var item in new[]
            {
                new OrderItemRequest("1", OrderKind.Assign, iccid, CustomerId: "DEMO"),
                new OrderItemRequest("1", OrderKind.Activate, iccid, ProductId: "DEMO-DATA"),
                new OrderItemRequest("1", OrderKind.Suspend, iccid),
            })
            {
                orders.Add(await submission.SubmitAndWaitAsync(new OrderRequest("tester", [item])));
            }

            Assert.All(orders, o => Assert.Equal(OrderState.Completed, o.State));
            Assert.Equal(new[] { 0, 2, 2 }, orders.Select(o => o.Items[0].NetworkSteps));
            foreach (var element in new[] { "hlr-sim", "hss-sim" })
            {
                var record = await gateway.ExecuteAsync(element, new SubscriberCommand(SubscriberAction.Get, msisdn));
                Assert.True(record.Succeeded, record.Message);
                Assert.Equal(("262011234567890", true), (record.Subscriber!.Imsi, record.Subscriber.Barred));
            }
        }
        finally
        {
            await StopAsync(app, folder);
        }
    }

    [Fact]
    public async Task An_invalid_element_stops_the_host_at_start_naming_the_key()
    {
        var (app, folder) = await BuildAsync(
            "--NMcs:Provisioning:Elements:0:Id=hlr-1",
            "--NMcs:Provisioning:Elements:0:Port=70000",
            "--NMcs:Provisioning:Elements:0:User=nmcs",
            "--NMcs:Provisioning:Elements:0:Password=nmcs");
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("NMcs:Provisioning:Elements:0:Port must be 1–65535", error.Failures);
        }
        finally
        {
            // Nothing started, so nothing to stop.
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TryDelete(folder);
        }
    }

    [Fact]
    public async Task The_demo_switch_is_refused_together_with_configured_elements()
    {
        var folder = NewFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NMcsHost.BuildAsync(
            [.. Arguments(folder), "--NMcs:Provisioning:Demo=true", "--NMcs:Provisioning:Elements:0:Id=hlr-1"]));
        Assert.Contains("NMcs:Provisioning:Elements", error.Message, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(folder);
    }

    [Theory]
    [InlineData(null, NMcs.Plugins.RuleIsolation.Inline)]
    [InlineData("WorkerThread", NMcs.Plugins.RuleIsolation.WorkerThread)]
    [InlineData("Inline", NMcs.Plugins.RuleIsolation.Inline)]
    public async Task The_rule_isolation_setting_reaches_the_silos_rule_service(string? setting, NMcs.Plugins.RuleIsolation expected)
    {
        Assert.Equal(expected, await BuiltWithAsync("RuleIsolation", setting, app => app.Services.GetRequiredService<NMcs.Grains.TariffRuleService>().Isolation));
    }

    [Fact]
    public async Task An_unknown_rule_isolation_is_refused_naming_the_setting()
    {
        var folder = NewFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NMcsHost.BuildAsync([.. Arguments(folder), "--NMcs:RuleIsolation=Sideways"]));
        Assert.Contains("NMcs:RuleIsolation", error.Message, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(folder);
    }

    [Theory]
    [InlineData(null, NMcs.Grains.NMcsOptions.DefaultGrainDirectoryCacheSize)]
    [InlineData("5000", 5000)]
    public async Task The_grain_directory_cache_size_reaches_orleans(string? setting, int expected)
    {
        Assert.Equal(expected, await BuiltWithAsync("GrainDirectoryCacheSize", setting, app => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.GrainDirectoryOptions>>().Value.CacheSize));
    }

    [Fact]
    public async Task A_tiny_grain_directory_cache_is_refused_naming_the_setting_before_the_store_is_created()
    {
        var folder = NewFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NMcsHost.BuildAsync([.. Arguments(folder), "--NMcs:GrainDirectoryCacheSize=10"]));
        Assert.Contains("NMcs:GrainDirectoryCacheSize", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "nmcs.db")));
        TryDelete(folder);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("5", true)]
    [InlineData("0", false)]
    public async Task The_native_heap_trimmer_runs_unless_turned_off(string? setting, bool expected)
    {
        Assert.Equal(expected, await BuiltWithAsync("NativeHeapTrimSeconds", setting, app => app.Services.GetServices<IHostedService>().Any(s => s.GetType().Name == "NativeHeapTrimmer")));
    }

    [Theory]
    [InlineData("0", "nice as the process (NMcs:WriterNice is 0)")]
    [InlineData("3", "nice 3")]
    public async Task The_store_writer_nice_value_reaches_the_writer_thread(string setting, string expected)
    {
        // Values at or above 0 need no privilege; the default (-10) depends on the user the tests run as.
        var got = await BuiltWithAsync("WriterNice", setting, app => app.Services.GetRequiredService<NMcsPlatform>().Database.WriterPriority);
        Assert.Equal(OperatingSystem.IsLinux() || setting == "0" ? expected : "nice as the process (NMcs:WriterNice applies on Linux only)", got);
    }

    [Theory]
    [InlineData("NativeHeapTrimSeconds", "-1", "0 (off) or a number of seconds")]
    [InlineData("WriterNice", "-21", "a nice value from -20")]
    [InlineData("WriterNice", "20", "a nice value from -20")]
    [InlineData("SqliteThreading", "Parallel", "MultiThread (default) or Serialized")]
    [InlineData("SqliteThreading", "1", "MultiThread (default) or Serialized")]
    [InlineData("SqliteThreading", "", "MultiThread (default) or Serialized")]
    public async Task A_bad_setting_is_refused_naming_it_and_the_fix_before_the_store_is_created(string key, string setting, string fix)
    {
        var folder = NewFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NMcsHost.BuildAsync([.. Arguments(folder), $"--NMcs:{key}={setting}"]));
        Assert.Contains("NMcs:" + key, error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "nmcs.db")));
        TryDelete(folder);
    }

    // Builds (not starts) a host with NMcs:<key>=<setting> (none when null), reads what the setting reached, disposes it.
    private static async Task<T> BuiltWithAsync<T>(string key, string? setting, Func<WebApplication, T> read)
    {
        var (app, folder) = await BuildAsync(setting is null ? [] : [$"--NMcs:{key}={setting}"]);
        try
        {
            return read(app);
        }
        finally
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TryDelete(folder);
        }
    }

    private static async Task<(WebApplication App, string Folder)> BuildAsync(params string[] extra)
    {
        var folder = NewFolder();
        return (await NMcsHost.BuildAsync([.. Arguments(folder), .. extra]), folder);
    }

    private static string[] Arguments(string folder) =>
    [
        "--urls", "http://127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture),
        "--NMcs:DataDirectory=" + folder,
        "--NMcs:TestClock:Enabled=true",
        "--NMcs:TestClock:Start=" + Start.ToString("O", CultureInfo.InvariantCulture),
        "--NMcs:Billing:Schedule=false",
        "--NMcs:Silo:SiloPort=" + FreePort().ToString(CultureInfo.InvariantCulture),
        "--NMcs:Silo:GatewayPort=" + FreePort().ToString(CultureInfo.InvariantCulture),
        "--Logging:LogLevel:Default=Warning",
    ];

    private static async Task StopAsync(WebApplication app, string folder)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TryDelete(folder);
        }
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "nmcs-host-provisioning-" + Guid.NewGuid().ToString("N"));

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
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
