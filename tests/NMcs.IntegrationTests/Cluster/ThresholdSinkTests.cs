using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog.Model;
using NMcs.Grains;
using NMcs.Grains.Thresholds;
using NMcs.Identifiers;
using NMcs.Rating.Thresholds;
using NMcs.Storage;
using NMcs.Time;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>Runs alone: its own silo beside the shared cluster would crowd two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThresholdSinkGroup
{
    public const string Name = "threshold sink";
}

/// <summary>
/// The in-process hook provisioning will use: an <see cref="IThresholdEventSink"/> registered in the silo receives
/// the events a rating call raised, after they were committed, and may call back into the raising account (here it
/// suspends the SIM, which updates the account's subscription) without deadlocking the account grain.
/// </summary>
[Collection(ThresholdSinkGroup.Name)]
public sealed class ThresholdSinkTests : IAsyncLifetime
{
    private static readonly AdjustableClock Clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "nmcs-sink-" + Guid.NewGuid().ToString("N"));
    private static readonly SqliteDatabase Database = new(Path.Combine(Directory, "nmcs.db"));

    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await Database.EnsureSchemaAsync();
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
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

    [Fact]
    public async Task A_credit_limit_event_reaches_the_sink_which_suspends_the_sim()
    {
        // 0.01 EUR per MB, nothing included; credit limit 1.00 EUR. One record of 100 MB costs 1.00: 80 % (0.80) and
        // 100 % in one go. The sink suspends the SIM on the 100 % event.
        var catalog = new ProductCatalog(Database, Clock);
        var draft = await catalog.SaveDraftAsync(new ProductOffering
        {
            Id = "PAYG",
            Version = 0,
            Name = "Pay as you go",
            ValidFrom = Clock.GetUtcNow(),
            Currency = Currency.Eur,
            UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.01m }],
        });
        var product = await catalog.PublishAsync(draft.Id, draft.Version);
        var grains = _cluster.Client;
        await grains.GetGrain<ICustomerGrain>("SINK").Create("Sink Tracking", "EUR", "UTC");
        var account = GrainKeys.PayerAccountOf("SINK");
        var iccid = "894490000000000100" + Luhn.CheckDigit("894490000000000100");
        var sim = grains.GetGrain<ISimGrain>(iccid);
        await sim.Register("262019000001001", "4917090001001");
        await sim.Assign("SINK");
        await sim.Activate(product.Id, product.Version);
        await grains.GetGrain<IAccountGrain>(account).SetCreditLimit(1.00m);
        Clock.Set(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));

        var outcomes = await grains.GetGrain<IUsageIngestGrain>(0).Ingest(
            [new UsageRecordIn(0, "sink-1", iccid, "DATA", 100m, "MB", 100m * 1_048_576m, new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero))]);

        Assert.Equal(UsageOutcomeStatus.Rated, Assert.Single(outcomes).Status);
        var delivered = await SuspendingSink.Suspended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([(ThresholdKind.CreditLimit, 80m), (ThresholdKind.CreditLimit, 100m)], delivered.Select(e => (e.Kind, e.Percent)));
        Assert.All(delivered, e => Assert.Equal((account, "sink-1", 1.00m), (e.AccountId, e.RecordId, e.Value)));
        Assert.Equal(SimStatus.Deactivated, (await sim.GetInfo())!.Status);
        Assert.Equal(delivered, await new ThresholdEventStore(Database).ListAsync(accountId: account));
    }

    /// <summary>Suspends the SIM whose account reached its credit limit, as the provisioning order will.</summary>
    private sealed class SuspendingSink(IGrainFactory grains) : IThresholdEventSink
    {
        public static readonly TaskCompletionSource<IReadOnlyList<ThresholdEvent>> Suspended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private static readonly ConcurrentBag<ThresholdEvent> Seen = [];

        public async Task OnThresholdEventsAsync(IReadOnlyList<ThresholdEvent> events, CancellationToken cancellationToken)
        {
            foreach (var e in events)
            {
                Seen.Add(e);
            }

            if (events.Any(e => e is { Kind: ThresholdKind.CreditLimit, Percent: 100m }))
            {
                // The account grain answered already: calling it back (through the SIM) cannot deadlock.
                var info = await grains.GetGrain<IAccountGrain>(events[0].AccountId).GetInfo();
                foreach (var subscription in info!.Subscriptions)
                {
                    await grains.GetGrain<ISimGrain>(subscription.Iccid).Suspend();
                }

                Suspended.TrySetResult([.. Seen.OrderBy(e => e.Sequence)]);
            }
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.ConfigureServices(services => services
                .AddNMcsServices(Database, Clock)
                .AddSingleton<IThresholdEventSink, SuspendingSink>());
    }
}
