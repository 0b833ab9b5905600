using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains;
using NMcs.Grains.Orders;
using NMcs.Identifiers;
using NMcs.Provisioning.Contracts;
using NMcs.Storage;
using NMcs.Storage.Orders;
using NMcs.Storage.Resources;
using NMcs.Time;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Orders;

/// <summary>Runs alone: its own silo beside the shared cluster would crowd two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OrderClusterGroup : ICollectionFixture<OrderClusterFixture>
{
    public const string Name = "orders";
}

/// <summary>
/// One silo on its own SQLite store and test clock, with the gateway double (hlr-1, hss-1, pgw-1), a test quota of
/// 1 MB / 3 SMS / 60 s that moves a SIM to ACTIVATION_READY, and 4 order items at a time.
/// </summary>
public sealed class OrderClusterFixture : IAsyncLifetime
{
    public const string ProductId = "ORD-DATA";

    internal static readonly AdjustableClock Clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    internal static readonly SimLifecycleOptions Lifecycle = SimLifecycleOptions.Default with { TestSms = 3m, OrderConcurrency = 4 };

    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "nmcs-orders-" + Guid.NewGuid().ToString("N"));

    internal static readonly SqliteDatabase Database = new(Path.Combine(Directory, "nmcs.db"));

    private static int _serial;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public OrderStore Store { get; } = new(Database, new AuditTrail(Database, Clock));

    public OrderSubmission Submission { get; private set; } = null!;

    public FakeProvisioningGateway Gateway { get; } = FakeProvisioningGateway.Instance;

    public async Task InitializeAsync()
    {
        await Database.EnsureSchemaAsync();
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Submission = new OrderSubmission(Grains, Store, new SimDirectory(Database, Clock), Clock);

        // 0.01 EUR per MB of data, nothing included, no monthly fee; a SIM swap costs 5.00.
        var catalog = new ProductCatalog(Database, Clock);
        var draft = await catalog.SaveDraftAsync(new ProductOffering
        {
            Id = ProductId,
            Version = 0,
            Name = "Data by the MB",
            ValidFrom = Clock.GetUtcNow(),
            Currency = Currency.Eur,
            UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.01m }],
            OneTimeCharges = [new OneTimeCharge { Id = "swap", Name = "SIM swap", Price = 5.00m, Trigger = OneTimeTrigger.SimSwap }],
        });
        await catalog.PublishAsync(draft.Id, draft.Version);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>A new customer billed in EUR in UTC; returns its id.</summary>
    public async Task<string> NewCustomerAsync()
    {
        var id = "ORDC" + Interlocked.Increment(ref _serial).ToString(CultureInfo.InvariantCulture);
        await Grains.GetGrain<ICustomerGrain>(id).Create("Orders " + id, "EUR", "UTC");
        return id;
    }

    /// <summary>Identifiers no other SIM has: (iccid, imsi, msisdn).</summary>
    public static (string Iccid, string Imsi, string Msisdn) NewIdentifiers()
    {
        var n = Interlocked.Increment(ref _serial).ToString("D8", CultureInfo.InvariantCulture);
        var body = "8949770000" + n;
        return (body + Luhn.CheckDigit(body), "2620177" + n, "4917700" + n);
    }

    /// <summary>Registers a SIM and moves it by orders into <paramref name="target"/> for <paramref name="customerId"/>.</summary>
    public async Task<string> SimInAsync(SimStatus target, string customerId)
    {
        var (iccid, imsi, msisdn) = NewIdentifiers();
        await Grains.GetGrain<ISimGrain>(iccid).Register(imsi, msisdn);
        OrderKind[] path = target switch
        {
            SimStatus.Inventory => [],
            SimStatus.TestReady => [OrderKind.StartTest],
            SimStatus.ActivationReady => [OrderKind.Assign],
            SimStatus.Activated => [OrderKind.Assign, OrderKind.Activate],
            SimStatus.Deactivated => [OrderKind.Assign, OrderKind.Activate, OrderKind.Suspend],
            SimStatus.Retired => [OrderKind.Assign, OrderKind.Activate, OrderKind.Terminate],
            SimStatus.Purged => [OrderKind.Assign, OrderKind.Activate, OrderKind.Terminate, OrderKind.Purge],
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        foreach (var kind in path)
        {
            var order = await RunAsync(new OrderItemRequest("1", kind, iccid, ProductId: kind == OrderKind.Activate ? ProductId : null, CustomerId: customerId));
            Assert.Equal(OrderState.Completed, order.State);
        }

        Assert.Equal(target, (await Grains.GetGrain<ISimGrain>(iccid).GetInfo())!.Status);
        return iccid;
    }

    /// <summary>Submits a one-item order as "tester" and waits until it is final.</summary>
    public Task<OrderInfo> RunAsync(OrderItemRequest item, string? idempotencyKey = null) =>
        Submission.SubmitAndWaitAsync(new OrderRequest("tester", [item], idempotencyKey));

    /// <summary>Waits (polling, up to 30 s) until <paramref name="condition"/> holds.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value) || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return value;
            }

            await Task.Delay(50);
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.ConfigureServices(services => services
                .AddNMcsServices(Database, Clock)
                .AddSingleton(Lifecycle)
                .AddSingleton<IProvisioningGateway>(FakeProvisioningGateway.Instance));
    }
}
