namespace NMcs.Simulators.Hlr;

/// <summary>Splits <c>KEY,VALUE</c> (CAI) or <c>KEY=VALUE</c> (MML) items into a case-insensitive map.</summary>
internal static class HlrParameters
{
    /// <summary>Parses the items; null when an item lacks the separator, has an empty key or value, or repeats a key.</summary>
    /// <param name="items">The items.</param>
    /// <param name="separator">',' for CAI, '=' for MML.</param>
    /// <returns>The map, or null on a syntax error.</returns>
    public static Dictionary<string, string>? Parse(IEnumerable<string> items, char separator)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var at = item.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                return null;
            }

            var key = item[..at].Trim();
            var value = item[(at + 1)..].Trim().Trim('"');
            if (key.Length == 0 || value.Length == 0 || !map.TryAdd(key, value))
            {
                return null;
            }
        }

        return map;
    }

    /// <summary>Whether the map holds only keys from <paramref name="allowed"/>.</summary>
    /// <param name="map">Parsed parameters.</param>
    /// <param name="allowed">Allowed keys.</param>
    /// <returns>True when no unknown key is present.</returns>
    public static bool OnlyKeys(Dictionary<string, string> map, params string[] allowed) =>
        map.Keys.All(k => allowed.Contains(k, StringComparer.OrdinalIgnoreCase));
}
