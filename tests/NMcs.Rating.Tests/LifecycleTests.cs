using NMcs.Catalog.Model;

namespace NMcs.Rating.Tests;

public class LifecycleTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProductOffering Draft(int version, DateTimeOffset validFrom, decimal price = 0.02m) => new()
    {
        Id = "IOT",
        Version = version,
        Name = "IoT",
        ValidFrom = validFrom,
        Currency = Currency.Eur,
        UsageCharges = [new UsageCharge { Id = "data", Name = "Data", Service = ServiceCodes.Data, RateUnit = "MB", Price = price }],
    };

    private static CatalogVersions Published() =>
        new CatalogVersions("IOT", []).SaveDraft(Draft(1, January)).Publish(1);

    [Fact]
    public void A_published_version_cannot_be_edited()
    {
        var versions = Published();

        var error = Assert.Throws<DomainException>(() => versions.SaveDraft(Draft(1, January, price: 0.03m)));

        Assert.Equal("VERSION_NOT_EDITABLE", error.Code);
        Assert.Contains("save your change as version 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.02m, versions.Find(1)!.UsageCharges[0].Price);
    }

    [Fact]
    public void A_draft_can_be_edited_until_it_is_published()
    {
        var versions = new CatalogVersions("IOT", []).SaveDraft(Draft(1, January)).SaveDraft(Draft(1, January, price: 0.03m));

        Assert.Equal(0.03m, versions.Find(1)!.UsageCharges[0].Price);
        Assert.Null(versions.InForceAt(April));
    }

    [Fact]
    public void The_version_in_force_follows_the_effective_dates()
    {
        // v1 from 1 January, v2 from 1 April (published), v3 a draft from 1 February.
        var versions = Published()
            .SaveDraft(Draft(2, April, price: 0.015m)).Publish(2)
            .SaveDraft(Draft(3, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Null(versions.InForceAt(January.AddTicks(-1)));
        Assert.Equal(1, versions.InForceAt(January)!.Version);
        Assert.Equal(1, versions.InForceAt(April.AddTicks(-1))!.Version);
        Assert.Equal(2, versions.InForceAt(April)!.Version);
        Assert.Equal(2, versions.RequireInForceAt(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).Version);
        Assert.Equal(4, versions.NextVersion);
    }

    [Fact]
    public void Valid_to_ends_a_version()
    {
        var versions = new CatalogVersions("IOT", []).SaveDraft(Draft(1, January) with { ValidTo = April }).Publish(1);

        Assert.NotNull(versions.InForceAt(April.AddTicks(-1)));
        var error = Assert.Throws<DomainException>(() => versions.RequireInForceAt(April));
        Assert.Equal("NO_VERSION_IN_FORCE", error.Code);
    }

    [Fact]
    public void Only_draft_to_published_to_retired_is_allowed()
    {
        var draft = new CatalogVersions("IOT", []).SaveDraft(Draft(1, January));
        var published = draft.Publish(1);
        var retired = published.Retire(1);

        Assert.Equal("INVALID_TRANSITION", Assert.Throws<DomainException>(() => draft.Retire(1)).Code);
        Assert.Equal("INVALID_TRANSITION", Assert.Throws<DomainException>(() => published.Publish(1)).Code);
        Assert.Equal("INVALID_TRANSITION", Assert.Throws<DomainException>(() => retired.Publish(1)).Code);
        Assert.Equal(LifecycleStatus.Retired, retired.Find(1)!.Status);
        Assert.Null(retired.InForceAt(April));
        Assert.Equal("VERSION_NOT_EDITABLE", Assert.Throws<DomainException>(() => retired.SaveDraft(Draft(1, January))).Code);
    }

    [Fact]
    public void A_version_must_be_saved_as_a_draft()
    {
        var error = Assert.Throws<DomainException>(
            () => new CatalogVersions("IOT", []).SaveDraft(Draft(1, January) with { Status = LifecycleStatus.Published }));

        Assert.Equal("NOT_A_DRAFT", error.Code);
    }

    [Fact]
    public void Publishing_an_invalid_draft_is_refused_with_pointers()
    {
        var versions = new CatalogVersions("IOT", []).SaveDraft(Draft(1, January, price: -1m));

        var error = Assert.Throws<DomainException>(() => versions.Publish(1));

        Assert.Equal(("INVALID_PRODUCT", "/usageCharges/0/price"), (error.Code, error.Field));
        Assert.Equal(LifecycleStatus.Draft, versions.Find(1)!.Status);
    }

    [Fact]
    public void Versions_of_a_catalog_document_are_grouped_by_product()
    {
        var catalog = new CatalogDefinition { Products = [Draft(1, January) with { Status = LifecycleStatus.Published }, Draft(2, April) with { Status = LifecycleStatus.Published }] };

        Assert.Equal(2, catalog.VersionsOf("IOT").InForceAt(April)!.Version);
        Assert.Empty(catalog.VersionsOf("OTHER").Versions);
    }
}
