using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NMcs.Catalog;

namespace NMcs.Storage;

/// <summary>
/// Product versions in the database with a per-silo cache. Versions are immutable once written, so a cached
/// (id, version) never goes stale and every silo may cache freely; only "latest version" asks the database.
/// </summary>
public sealed class ProductCatalog(NMcsDatabase database, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string, int), Product> _cache = new();

    /// <summary>Writes <paramref name="product"/> as the next version of its id; returns it with the version set.</summary>
    public async Task<Product> PublishAsync(Product product, CancellationToken cancellationToken = default)
    {
        Product.Validate(product);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int next;
        await using (var max = NMcsDatabase.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM product_versions WHERE product_id = @id", ("@id", product.Id)))
        {
            next = Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) + 1;
        }

        var versioned = product with { Version = next };
        await using (var insert = NMcsDatabase.Command(
            connection,
            transaction,
            "INSERT INTO product_versions (product_id, version, document, created_at) VALUES (@id, @version, @document, @created)",
            ("@id", versioned.Id),
            ("@version", next),
            ("@document", JsonSerializer.Serialize(ProductDocument.From(versioned))),
            ("@created", DbValues.Time(clock.GetUtcNow()))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        _cache[(versioned.Id, next)] = versioned;
        return versioned;
    }

    /// <summary>A product version; the latest when <paramref name="version"/> is null. Null when it does not exist.</summary>
    public async Task<Product?> FindAsync(string productId, int? version = null, CancellationToken cancellationToken = default)
    {
        if (version is int v && _cache.TryGetValue((productId, v), out var cached))
        {
            return cached;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = version is null
            ? NMcsDatabase.Command(connection, null, "SELECT document FROM product_versions WHERE product_id = @id ORDER BY version DESC LIMIT 1", ("@id", productId))
            : NMcsDatabase.Command(connection, null, "SELECT document FROM product_versions WHERE product_id = @id AND version = @version", ("@id", productId), ("@version", version.Value));
        var json = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (json is null)
        {
            return null;
        }

        var product = JsonSerializer.Deserialize<ProductDocument>(json)!.ToProduct();
        _cache[(product.Id, product.Version)] = product;
        return product;
    }

    /// <summary>The latest version of every product, by id.</summary>
    public async Task<IReadOnlyList<Product>> ListLatestAsync(CancellationToken cancellationToken = default)
    {
        var products = new List<Product>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = NMcsDatabase.Command(
            connection,
            null,
            "SELECT p.document FROM product_versions p WHERE p.version = (SELECT MAX(version) FROM product_versions q WHERE q.product_id = p.product_id) ORDER BY p.product_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(JsonSerializer.Deserialize<ProductDocument>(reader.GetString(0))!.ToProduct());
        }

        return products;
    }
}
