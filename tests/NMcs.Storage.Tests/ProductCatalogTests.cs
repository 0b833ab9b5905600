using NMcs.Catalog.Model;
using NMcs.Time;

namespace NMcs.Storage.Tests;

public sealed class ProductCatalogTests : StoreTest
{
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly AdjustableClock _clock = new(March);
    private ProductCatalog _catalog = null!;

    protected override Task OnStoreReadyAsync()
    {
        _catalog = new ProductCatalog(Db.Database, _clock);
        return Task.CompletedTask;
    }

    internal static ProductOffering Product(decimal monthlyFee = 4.99m, DateTimeOffset? validFrom = null) => new()
    {
        Id = "IOT-1GB",
        Version = 0,
        Name = "IoT 1 GB",
        ValidFrom = validFrom ?? March,
        Currency = Currency.Eur,
        RecurringCharges = [new RecurringCharge { Id = "monthly-fee", Name = "monthly fee", Price = monthlyFee }],
        UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MB", Price = 0.02m }],
        Allowances = [new Allowance { Id = "data-allowance", Name = "1 GB", Service = "DATA", Quantity = 1024m, Unit = "MB" }],
    };

    [Fact]
    public async Task Drafts_are_numbered_from_one_and_published_versions_round_trip()
    {
        var first = await _catalog.SaveDraftAsync(Product());
        var second = await _catalog.SaveDraftAsync(Product(5.99m));
        await _catalog.PublishAsync("IOT-1GB", 1);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        var stored = await _catalog.FindAsync("IOT-1GB", 1);
        Assert.Equal(LifecycleStatus.Published, stored!.Status);
        Assert.Equal(4.99m, stored.RecurringCharges[0].Price);
        Assert.Equal(1024m, stored.Allowances[0].Quantity);
        Assert.Equal(LifecycleStatus.Draft, (await _catalog.FindAsync("IOT-1GB", 2))!.Status);
        Assert.Equal(2, (await _catalog.FindAsync("IOT-1GB"))!.Version);
    }

    [Fact]
    public async Task A_published_version_cannot_be_edited()
    {
        await _catalog.SaveDraftAsync(Product());
        await _catalog.PublishAsync("IOT-1GB", 1);

        var error = await Assert.ThrowsAsync<DomainException>(() => _catalog.SaveDraftAsync(Product(9.99m) with { Version = 1 }));

        Assert.Equal("VERSION_NOT_EDITABLE", error.Code);
        Assert.Equal(4.99m, (await _catalog.FindAsync("IOT-1GB", 1))!.RecurringCharges[0].Price);
    }

    [Fact]
    public async Task The_version_in_force_follows_effective_dates_and_retirement()
    {
        await _catalog.SaveDraftAsync(Product());
        await _catalog.SaveDraftAsync(Product(5.99m, validFrom: new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)));
        await _catalog.PublishAsync("IOT-1GB", 1);
        await _catalog.PublishAsync("IOT-1GB", 2);

        var versions = await _catalog.VersionsAsync("IOT-1GB");
        Assert.Equal(1, versions.InForceAt(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero))!.Version);
        Assert.Equal(2, versions.InForceAt(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero))!.Version);
        Assert.Null(versions.InForceAt(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));

        await _catalog.RetireAsync("IOT-1GB", 2);
        var afterRetire = await _catalog.VersionsAsync("IOT-1GB");
        Assert.Equal(1, afterRetire.InForceAt(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero))!.Version);
    }

    [Fact]
    public async Task An_invalid_draft_is_refused_with_a_json_pointer_and_nothing_is_stored()
    {
        // MSG is not a unit of DATA.
        var invalid = Product() with { UsageCharges = [new UsageCharge { Id = "data", Name = "data", Service = "DATA", RateUnit = "MSG", Price = 0.02m }] };

        var error = await Assert.ThrowsAsync<DomainException>(() => _catalog.SaveDraftAsync(invalid));

        Assert.Equal("INVALID_PRODUCT", error.Code);
        Assert.StartsWith("/usageCharges/0", error.Field, StringComparison.Ordinal);
        Assert.Empty((await _catalog.VersionsAsync("IOT-1GB")).Versions);
    }

    [Fact]
    public async Task Unknown_product_has_no_versions()
    {
        Assert.Empty((await _catalog.VersionsAsync("NOPE")).Versions);
        Assert.Null(await _catalog.FindAsync("NOPE"));
    }
}
