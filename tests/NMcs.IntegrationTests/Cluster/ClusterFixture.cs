using NMcs.Grains;
using NMcs.Storage;
using NMcs.Time;
using Orleans.TestingHost;

namespace NMcs.IntegrationTests.Cluster;

/// <summary>The cluster tests share one two-silo cluster (its store and clock are static).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterGroup : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// Two in-process silos sharing one SQLite store and one test clock, as two silos of a deployment share
/// PostgreSQL. Silo configurators are created by type, so the shared store and clock are static.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    internal static readonly AdjustableClock Clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "nmcs-cluster-" + Guid.NewGuid().ToString("N"));

    internal static readonly SqliteDatabase Database = new(Path.Combine(Directory, "nmcs.db"));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public ProductCatalog Catalog { get; } = new(Database, Clock);

    public UsageLedger Ledger { get; } = new(Database);

    public async Task InitializeAsync()
    {
        await Database.EnsureSchemaAsync();
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
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

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.ConfigureServices(services => services.AddNMcsServices(Database, Clock));
    }
}
