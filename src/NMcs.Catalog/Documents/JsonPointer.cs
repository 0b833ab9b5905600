namespace NMcs.Catalog.Model;

/// <summary>Builds JSON Pointers (RFC 6901).</summary>
internal static class JsonPointer
{
    /// <summary>Appends a property name, escaping '~' and '/'.</summary>
    public static string Append(string pointer, string property) =>
        pointer + "/" + property.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Appends an array index.</summary>
    public static string Append(string pointer, int index) =>
        pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="pointer"/> is <paramref name="ancestor"/> or lies under it.</summary>
    public static bool IsWithin(string pointer, string ancestor) =>
        pointer == ancestor || ancestor.Length == 0 || pointer.StartsWith(ancestor + "/", StringComparison.Ordinal);
}
