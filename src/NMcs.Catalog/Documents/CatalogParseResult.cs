namespace NMcs.Catalog.Model;

/// <summary>The outcome of reading a catalog document: the catalog when it is valid, otherwise every error found.</summary>
/// <param name="Catalog">The catalog; null when the document has errors.</param>
/// <param name="Errors">Every error, in document order of discovery; empty when valid.</param>
public sealed record CatalogParseResult(CatalogDefinition? Catalog, IReadOnlyList<CatalogError> Errors)
{
    /// <summary>True when the document parsed and validated.</summary>
    public bool IsValid => Catalog is not null && Errors.Count == 0;

    /// <summary>The catalog; refuses with code INVALID_CATALOG listing every error when the document is invalid.</summary>
    public CatalogDefinition ThrowIfInvalid()
    {
        if (IsValid)
        {
            return Catalog!;
        }

        throw new DomainException(
            "INVALID_CATALOG",
            Errors.Count > 0 ? Errors[0].Pointer : "",
            $"the catalog document has {Errors.Count} error(s): " + string.Join("; ", Errors.Select(e => e.ToString())));
    }
}
