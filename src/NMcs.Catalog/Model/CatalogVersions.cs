namespace NMcs.Catalog.Model;

/// <summary>
/// All versions of one product and the lifecycle rules over them: a version is saved as a draft, published once
/// (after it validates) and retired; a published or retired version is never edited — publish a new version
/// instead. The version in force at an instant is the published one whose effective dates contain it, the latest
/// <see cref="ProductOffering.ValidFrom"/> winning, so a new version supersedes its predecessor from its own start
/// without the predecessor being edited. Immutable: every change returns a new instance.
/// </summary>
public sealed class CatalogVersions
{
    private readonly ProductOffering[] _versions;

    /// <summary>Wraps the versions of <paramref name="productId"/>; refuses other products and repeated version numbers.</summary>
    public CatalogVersions(string productId, IEnumerable<ProductOffering> versions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productId);
        ArgumentNullException.ThrowIfNull(versions);
        ProductId = productId;
        _versions = [.. versions.OrderBy(v => v.Version)];
        for (var i = 0; i < _versions.Length; i++)
        {
            if (_versions[i].Id != productId)
            {
                throw new DomainException(
                    "PRODUCT_MISMATCH", "id", $"version {_versions[i].Version} belongs to product {_versions[i].Id}, not {productId}.");
            }

            if (i > 0 && _versions[i].Version == _versions[i - 1].Version)
            {
                throw new DomainException(
                    "DUPLICATE_VERSION", "version", $"product {productId} has version {_versions[i].Version} twice; give each version its own number.");
            }
        }
    }

    /// <summary>Product id.</summary>
    public string ProductId { get; }

    /// <summary>Versions in ascending version order.</summary>
    public IReadOnlyList<ProductOffering> Versions => _versions;

    /// <summary>The number a new version gets: one past the highest.</summary>
    public int NextVersion => _versions.Length == 0 ? 1 : _versions[^1].Version + 1;

    /// <summary>The version numbered <paramref name="version"/>, or null.</summary>
    public ProductOffering? Find(int version) => Array.Find(_versions, v => v.Version == version);

    /// <summary>The published version in force at <paramref name="at"/>, or null when none is.</summary>
    public ProductOffering? InForceAt(DateTimeOffset at)
    {
        ProductOffering? best = null;
        foreach (var version in _versions)
        {
            if (version.InForceAt(at)
                && (best is null || version.ValidFrom > best.ValidFrom || (version.ValidFrom == best.ValidFrom && version.Version > best.Version)))
            {
                best = version;
            }
        }

        return best;
    }

    /// <summary>The published version in force at <paramref name="at"/>; refuses when none is.</summary>
    public ProductOffering RequireInForceAt(DateTimeOffset at) =>
        InForceAt(at) ?? throw new DomainException(
            "NO_VERSION_IN_FORCE",
            "productId",
            $"product {ProductId} has no published version in force at {at:O}; publish a version whose validFrom is on or before it.");

    /// <summary>
    /// Adds a new draft or replaces an existing draft. Refuses a version that is not a draft and any change to a
    /// published or retired version.
    /// </summary>
    public CatalogVersions SaveDraft(ProductOffering draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Id != ProductId)
        {
            throw new DomainException("PRODUCT_MISMATCH", "id", $"draft belongs to product {draft.Id}, not {ProductId}.");
        }

        var existing = Find(draft.Version);
        if (existing is not null && existing.Status != LifecycleStatus.Draft)
        {
            throw new DomainException(
                "VERSION_NOT_EDITABLE",
                "version",
                $"product {ProductId} version {draft.Version} is {Name(existing.Status)} and cannot be edited; save your change as version {NextVersion} and publish it.");
        }

        if (draft.Status != LifecycleStatus.Draft)
        {
            throw new DomainException(
                "NOT_A_DRAFT",
                "status",
                $"status must be draft when saving product {ProductId} version {draft.Version}; publish it afterwards.");
        }

        if (draft.Version < 1)
        {
            throw new DomainException("INVALID_VERSION", "version", $"version must be 1 or more; use {NextVersion}.");
        }

        return new CatalogVersions(ProductId, _versions.Where(v => v.Version != draft.Version).Append(draft));
    }

    /// <summary>
    /// Publishes the draft <paramref name="version"/> after validating it (all errors are reported with JSON
    /// pointers relative to the version). <paramref name="taxRates"/> resolves the charges' tax categories.
    /// </summary>
    public CatalogVersions Publish(int version, IReadOnlyList<TaxRate>? taxRates = null)
    {
        var draft = Require(version);
        if (draft.Status != LifecycleStatus.Draft)
        {
            throw new DomainException(
                "INVALID_TRANSITION",
                "status",
                $"product {ProductId} version {version} is {Name(draft.Status)}; only a draft can be published (draft → published → retired).");
        }

        var published = draft with { Status = LifecycleStatus.Published };
        var errors = CatalogValidator.ValidateProduct(published, "", taxRates);
        if (errors.Count > 0)
        {
            throw new DomainException(
                "INVALID_PRODUCT",
                errors[0].Pointer,
                $"product {ProductId} version {version} cannot be published: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        return Replace(published);
    }

    /// <summary>Retires the published <paramref name="version"/>; it is no longer in force.</summary>
    public CatalogVersions Retire(int version)
    {
        var current = Require(version);
        if (current.Status != LifecycleStatus.Published)
        {
            throw new DomainException(
                "INVALID_TRANSITION",
                "status",
                $"product {ProductId} version {version} is {Name(current.Status)}; only a published version can be retired (draft → published → retired).");
        }

        return Replace(current with { Status = LifecycleStatus.Retired });
    }

    private static string Name(LifecycleStatus status) => status.ToString().ToLowerInvariant();

    private ProductOffering Require(int version) =>
        Find(version) ?? throw new DomainException(
            "UNKNOWN_VERSION", "version", $"product {ProductId} has no version {version}; versions are {string.Join(", ", _versions.Select(v => v.Version))}.");

    private CatalogVersions Replace(ProductOffering changed) =>
        new(ProductId, _versions.Select(v => v.Version == changed.Version ? changed : v));
}
