namespace NMcs.Catalog.Model;

/// <summary>
/// The content of a catalog document: tax rates shared by all products and every version of every product.
/// </summary>
public sealed record CatalogDefinition
{
    /// <summary>The document format version this library reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Document format version; 1.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Tax rates by jurisdiction and category, with effective dates.</summary>
    public IReadOnlyList<TaxRate> TaxRates { get; init; } = [];

    /// <summary>Product versions, any number per product id.</summary>
    public IReadOnlyList<ProductOffering> Products { get; init; } = [];

    /// <summary>All versions of <paramref name="productId"/> with the lifecycle rules applied.</summary>
    public CatalogVersions VersionsOf(string productId) =>
        new(productId, Products.Where(p => p.Id == productId));
}
