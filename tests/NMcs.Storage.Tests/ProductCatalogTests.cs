using NMcs.Catalog;
using NMcs.Time;

namespace NMcs.Storage.Tests;

public sealed class ProductCatalogTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private TempDatabase _db = null!;
    private ProductCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _catalog = new ProductCatalog(_db.Database, _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    internal static Product Product(decimal monthlyFee = 4.99m) => new(
        "IOT-1GB",
        0,
        "IoT 1 GB",
        Currency.Eur,
        monthlyFee,
        9.50m,
        [
            new UsageCharge(ServiceType.Data, "MB", 0.02m, 1024m),
            new UsageCharge(ServiceType.Sms, "MSG", 0.0875m, 10m),
        ]);

    private static void AssertSameContent(Product expected, Product? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Currency, actual.Currency);
        Assert.Equal(expected.MonthlyFee, actual.MonthlyFee);
        Assert.Equal(expected.ActivationFee, actual.ActivationFee);
        Assert.Equal(expected.UsageCharges, actual.UsageCharges);
    }

    [Fact]
    public async Task Publish_assigns_versions_one_then_two()
    {
        var v1 = await _catalog.PublishAsync(Product(4.99m) with { Version = 42 });
        _clock.Advance(TimeSpan.FromDays(1));
        var v2 = await _catalog.PublishAsync(Product(5.99m));

        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);
        Assert.Equal(2, await _db.CountAsync("product_versions"));
    }

    [Fact]
    public async Task Find_without_version_gives_the_latest_and_with_version_that_version()
    {
        var v1 = await _catalog.PublishAsync(Product(4.99m));
        var v2 = await _catalog.PublishAsync(Product(5.99m));

        AssertSameContent(v2, await _catalog.FindAsync("IOT-1GB"));
        AssertSameContent(v1, await _catalog.FindAsync("IOT-1GB", 1));
        AssertSameContent(v2, await _catalog.FindAsync("IOT-1GB", 2));
        Assert.Null(await _catalog.FindAsync("IOT-1GB", 3));
        Assert.Null(await _catalog.FindAsync("NOPE"));
    }

    [Fact]
    public async Task Find_reads_from_the_database_not_only_the_cache()
    {
        var v1 = await _catalog.PublishAsync(Product());

        var fresh = new ProductCatalog(_db.Database, _clock);

        AssertSameContent(v1, await fresh.FindAsync("IOT-1GB", 1));
        AssertSameContent(v1, await fresh.FindAsync("IOT-1GB"));
        Assert.Equal(0.0875m, (await fresh.FindAsync("IOT-1GB"))!.UsageChargeFor(ServiceType.Sms)!.PricePerUnit);
    }

    [Fact]
    public async Task Invalid_product_is_refused_and_not_stored()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _catalog.PublishAsync(Product(monthlyFee: -1m)));

        Assert.Equal("INVALID_PRODUCT", error.Code);
        Assert.Equal("monthlyFee", error.Field);
        Assert.Null(await _catalog.FindAsync("IOT-1GB"));
        Assert.Equal(0, await _db.CountAsync("product_versions"));
    }

    [Fact]
    public async Task ListLatest_gives_the_newest_version_of_each_product()
    {
        await _catalog.PublishAsync(Product(4.99m));
        await _catalog.PublishAsync(Product(5.99m));
        await _catalog.PublishAsync(Product() with { Id = "IOT-10GB", Name = "IoT 10 GB" });

        var latest = await _catalog.ListLatestAsync();

        Assert.Equal([("IOT-10GB", 1), ("IOT-1GB", 2)], latest.Select(p => (p.Id, p.Version)));
        Assert.Equal(5.99m, latest[1].MonthlyFee);
    }
}
