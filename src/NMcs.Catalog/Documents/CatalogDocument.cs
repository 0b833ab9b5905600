using System.Text;
using System.Text.Json;

namespace NMcs.Catalog.Model;

/// <summary>
/// The catalog's JSON document format (docs/catalog.md, docs/catalog.schema.json): camelCase properties, enums as
/// camelCase strings, service codes and units upper case, decimals as JSON numbers, instants as ISO 8601 with offset.
/// Reading reports every error with its JSON Pointer; an invalid document yields no catalog, so nothing changes.
/// </summary>
public static class CatalogDocument
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>Parses and validates <paramref name="json"/>; on any error returns every error and no catalog.</summary>
    public static CatalogParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            return new CatalogParseResult(null, [new CatalogError("", $"the document is not valid JSON{where}: {e.Message}")]);
        }

        using (document)
        {
            var shapeErrors = new List<CatalogError>();
            var catalog = new CatalogJsonReader(shapeErrors).Document(document.RootElement);

            // Rules run even on a misshapen document so one pass shows everything; a rule error under a location that
            // already has a shape error would only repeat it (a placeholder stands there), so it is left out.
            var ruleErrors = CatalogValidator.Validate(catalog)
                .Where(rule => !shapeErrors.Exists(shape => JsonPointer.IsWithin(rule.Pointer, shape.Pointer)));
            var errors = shapeErrors.Concat(ruleErrors).ToList();
            return errors.Count == 0 ? new CatalogParseResult(catalog, []) : new CatalogParseResult(null, errors);
        }
    }

    /// <summary>Writes <paramref name="catalog"/> as an indented catalog document.</summary>
    public static string Serialize(CatalogDefinition catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            CatalogJsonWriter.Document(writer, catalog);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
