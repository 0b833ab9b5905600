using System.Text.Json;

namespace NMcs.Catalog.Model;

/// <summary>The camelCase JSON names of an enum's members ("perUnit", "simSwap").</summary>
internal static class EnumNames<T>
    where T : struct, Enum
{
    private static readonly (string Name, T Value)[] Members =
        [.. Enum.GetValues<T>().Select(v => (JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), v))];

    /// <summary>Every JSON name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Members.Select(m => m.Name)];

    /// <summary>The JSON name of <paramref name="value"/>.</summary>
    public static string Of(T value) => Array.Find(Members, m => EqualityComparer<T>.Default.Equals(m.Value, value)).Name;

    /// <summary>Parses a JSON name exactly (case-sensitive).</summary>
    public static bool TryParse(string name, out T value)
    {
        foreach (var member in Members)
        {
            if (member.Name == name)
            {
                value = member.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The JSON name <paramref name="name"/> probably meant when only its case is wrong, or null.</summary>
    public static string? CaseInsensitiveMatch(string name) =>
        Array.Find(Members, m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).Name;
}
