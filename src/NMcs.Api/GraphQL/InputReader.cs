using System.Globalization;

namespace NMcs.Api.GraphQL;

/// <summary>Reads fields of an input object argument (a dictionary after GraphQL coercion).</summary>
internal static class InputReader
{
    public static IDictionary<string, object?> Object(object? value) =>
        value as IDictionary<string, object?> ?? new Dictionary<string, object?>();

    public static string? String(IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static decimal Decimal(IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) && value is not null ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : 0m;

    public static IEnumerable<IDictionary<string, object?>> List(IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) && value is System.Collections.IEnumerable items
            ? items.Cast<object?>().Select(Object)
            : [];
}
