using System.Collections.Concurrent;
using System.Data.Common;
using NMcs.Catalog.Model;

namespace NMcs.Storage;

/// <summary>
/// Product versions in the database (each version one catalog document), with their lifecycle: saved as drafts,
/// published (validated, then immutable), retired. Each silo caches a product's version list for
/// <see cref="RefreshAfter"/>; a publish on any silo is therefore in force on every silo within that time, and
/// between refreshes rating reads no database. Version objects are immutable and shared, so the rating engine's
/// per-version plans stay cached.
/// </summary>
public sealed class ProductCatalog(NMcsDatabase database, TimeProvider clock)
{
    /// <summary>How long a silo trusts its cached version list of a product.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (CatalogVersions Versions, long ReadAt)> _cache = new(StringComparer.Ordinal);

    // The document each cached version object was parsed from: a refresh that reads the same text reuses the object.
    private readonly ConcurrentDictionary<(string ProductId, int Version), (string Document, ProductOffering Product)> _parsed = new();

    /// <summary>All versions of a product (empty when the product does not exist).</summary>
    public async Task<CatalogVersions> VersionsAsync(string productId, CancellationToken cancellationToken = default)
    {
        // The refresh interval is measured on the machine's monotonic clock, not the platform clock: it is a
        // cache age, and the test clock must not freeze it.
        var now = Environment.TickCount64;
        if (_cache.TryGetValue(productId, out var entry) && now - entry.ReadAt < RefreshAfter.TotalMilliseconds)
        {
            return entry.Versions;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var versions = await ReadAsync(connection, null, productId, cancellationToken);
        _cache[productId] = (versions, now);
        return versions;
    }

    /// <summary>One version, or the latest when <paramref name="version"/> is null; null when missing.</summary>
    public async Task<ProductOffering?> FindAsync(string productId, int? version = null, CancellationToken cancellationToken = default)
    {
        var versions = await VersionsAsync(productId, cancellationToken);
        return version is int v ? versions.Find(v) : versions.Versions.Count == 0 ? null : versions.Versions[^1];
    }

    /// <summary>
    /// Saves a draft after validating it (an invalid draft is refused with JSON-pointer locations and nothing is
    /// stored). Version 0 means "the next version". A published or retired version is never overwritten:
    /// change a product by saving and publishing a new version.
    /// </summary>
    public Task<ProductOffering> SaveDraftAsync(ProductOffering draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return ChangeAsync(
            draft.Id,
            (versions, taxRates) =>
            {
                var numbered = draft.Version == 0 ? draft with { Version = versions.NextVersion } : draft;
                var errors = CatalogValidator.ValidateProduct(numbered, string.Empty, taxRates);
                if (errors.Count > 0)
                {
                    throw new DomainException(
                        "INVALID_PRODUCT",
                        errors[0].Pointer,
                        $"product {numbered.Id} version {numbered.Version} was refused and nothing changed: " + string.Join("; ", errors.Select(e => e.ToString())));
                }

                return (versions.SaveDraft(numbered), numbered.Version);
            },
            cancellationToken);
    }

    /// <summary>Publishes a draft after validating it; from then on it is immutable.</summary>
    public Task<ProductOffering> PublishAsync(string productId, int version, IReadOnlyList<TaxRate>? taxRates = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(productId, (versions, stored) => (versions.Publish(version, taxRates ?? stored), version), cancellationToken);

    /// <summary>Retires a published version: it stops being in force.</summary>
    public Task<ProductOffering> RetireAsync(string productId, int version, CancellationToken cancellationToken = default) =>
        ChangeAsync(productId, (versions, _) => (versions.Retire(version), version), cancellationToken);

    /// <summary>
    /// Takes a whole catalog document: every product version in it is saved as a draft and, when the document
    /// marks it published, published. All or nothing: the first refusal leaves the catalog unchanged.
    /// </summary>
    public async Task<IReadOnlyList<ProductOffering>> ImportAsync(CatalogDefinition catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var results = new List<ProductOffering>();
        foreach (var group in catalog.Products.GroupBy(p => p.Id, StringComparer.Ordinal))
        {
            var versions = await ReadAsync(connection, transaction, group.Key, cancellationToken);
            foreach (var product in group.OrderBy(p => p.Version))
            {
                var target = product.Status;
                versions = versions.SaveDraft(product with { Status = LifecycleStatus.Draft });
                if (target is LifecycleStatus.Published or LifecycleStatus.Retired)
                {
                    versions = versions.Publish(product.Version, catalog.TaxRates);
                }

                if (target == LifecycleStatus.Retired)
                {
                    versions = versions.Retire(product.Version);
                }

                var saved = versions.Find(product.Version)!;
                await WriteAsync(connection, transaction, saved, catalog.TaxRates, cancellationToken);
                results.Add(saved);
            }
        }

        foreach (var rate in catalog.TaxRates)
        {
            await using var upsert = NMcsDatabase.Command(
                connection,
                transaction,
                "INSERT INTO tax_rates (jurisdiction, category, valid_from, document) VALUES (@j, @c, @from, @doc) ON CONFLICT (jurisdiction, category, valid_from) DO UPDATE SET document = @doc",
                ("@j", rate.Jurisdiction),
                ("@c", rate.Category),
                ("@from", rate.ValidFrom is { } from ? DbValues.Time(from) : string.Empty),
                ("@doc", System.Text.Json.JsonSerializer.Serialize(new TaxRateDocument(rate.Jurisdiction, rate.Category, rate.Rate, rate.Treatment, rate.ValidFrom, rate.ValidTo))));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var id in results.Select(r => r.Id).Distinct(StringComparer.Ordinal))
        {
            _cache.TryRemove(id, out _);
        }

        return results;
    }

    /// <summary>Tax rates of a jurisdiction, as imported with catalog documents.</summary>
    public async Task<IReadOnlyList<TaxRate>> TaxRatesAsync(string jurisdiction, CancellationToken cancellationToken = default)
    {
        var rates = new List<TaxRate>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(connection, null, "SELECT document FROM tax_rates WHERE jurisdiction = @j ORDER BY category, valid_from", ("@j", jurisdiction));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rates.Add(ToTaxRate(reader.GetString(0)));
        }

        return rates;
    }

    /// <summary>The latest version of every product, by id.</summary>
    public async Task<IReadOnlyList<ProductOffering>> ListLatestAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = NMcsDatabase.Command(connection, null, "SELECT DISTINCT product_id FROM product_versions ORDER BY product_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var latest = new List<ProductOffering>();
        foreach (var id in ids)
        {
            if (await FindAsync(id, null, cancellationToken) is { } product)
            {
                latest.Add(product);
            }
        }

        return latest;
    }

    /// <summary>
    /// A product version as a one-product catalog document, carrying the tax rates of the categories it charges so
    /// the stored document validates on its own.
    /// </summary>
    public static string ToDocument(ProductOffering product, IReadOnlyList<TaxRate>? taxRates = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        var categories = product.RecurringCharges.Select(c => c.TaxCategory)
            .Concat(product.OneTimeCharges.Select(c => c.TaxCategory))
            .Concat(product.UsageCharges.Select(c => c.TaxCategory))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var rates = (taxRates ?? []).Where(r => categories.Contains(r.Category)).ToList();
        return CatalogDocument.Serialize(new CatalogDefinition { TaxRates = rates, Products = [product] });
    }

    private async Task<ProductOffering> ChangeAsync(string productId, Func<CatalogVersions, IReadOnlyList<TaxRate>, (CatalogVersions Versions, int Version)> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var taxRates = await AllTaxRatesAsync(connection, transaction, cancellationToken);
        var (versions, version) = change(await ReadAsync(connection, transaction, productId, cancellationToken), taxRates);
        var changed = versions.Find(version)!;
        await WriteAsync(connection, transaction, changed, taxRates, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _cache[productId] = (versions, Environment.TickCount64);
        return changed;
    }

    private static async Task<IReadOnlyList<TaxRate>> AllTaxRatesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rates = new List<TaxRate>();
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT document FROM tax_rates");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rates.Add(ToTaxRate(reader.GetString(0)));
        }

        return rates;
    }

    private static TaxRate ToTaxRate(string json)
    {
        var d = System.Text.Json.JsonSerializer.Deserialize<TaxRateDocument>(json)!;
        return new TaxRate { Jurisdiction = d.Jurisdiction, Category = d.Category, Rate = d.Rate, Treatment = d.Treatment, ValidFrom = d.ValidFrom, ValidTo = d.ValidTo };
    }

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, ProductOffering product, IReadOnlyList<TaxRate> taxRates, CancellationToken cancellationToken)
    {
        await using var upsert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO product_versions (product_id, version, document, created_at) VALUES (@id, @version, @document, @at) ON CONFLICT (product_id, version) DO UPDATE SET document = @document",
            ("@id", product.Id),
            ("@version", product.Version),
            ("@document", ToDocument(product, taxRates)),
            ("@at", DbValues.Time(clock.GetUtcNow())));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<CatalogVersions> ReadAsync(DbConnection connection, DbTransaction? transaction, string productId, CancellationToken cancellationToken)
    {
        var versions = new List<ProductOffering>();
        await using var command = NMcsDatabase.Command(
            connection,
            transaction,
            "SELECT version, document FROM product_versions WHERE product_id = @id ORDER BY version",
            ("@id", productId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetInt32(0);
            var document = reader.GetString(1);

            // Reuse the object of a version whose document did not change, so its rating plan stays cached.
            if (_parsed.TryGetValue((productId, version), out var seen) && seen.Document == document)
            {
                versions.Add(seen.Product);
                continue;
            }

            var product = CatalogDocument.Parse(document).ThrowIfInvalid().Products[0];
            _parsed[(productId, version)] = (document, product);
            versions.Add(product);
        }

        return new CatalogVersions(productId, versions);
    }
}
