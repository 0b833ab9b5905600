using System.Diagnostics.CodeAnalysis;

namespace NMcs.Catalog.Model;

/// <summary>One thing wrong with a catalog document: where (a JSON Pointer, RFC 6901) and how to fix it.</summary>
/// <param name="Pointer">Location in the document, e.g. "/products/0/usageCharges/2/tiers/1/from"; "" for the whole document.</param>
/// <param name="Message">What is wrong and the fix.</param>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "JSON Pointer is the RFC 6901 name of the location.")]
public sealed record CatalogError(string Pointer, string Message)
{
    /// <inheritdoc />
    public override string ToString() => (Pointer.Length == 0 ? "(document)" : Pointer) + ": " + Message;
}
