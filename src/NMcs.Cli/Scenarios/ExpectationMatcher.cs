using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NMcs.Cli.Scenarios;

/// <summary>
/// Compares an expectation with an answer. Objects match when every expected property matches (the answer may have
/// more); arrays must have the same length and match element by element; numbers compare as exact decimals.
/// </summary>
public static class ExpectationMatcher
{
    /// <summary>Appends a readable line to <paramref name="failures"/> for every difference.</summary>
    public static void Match(JsonNode? expected, JsonNode? actual, string path, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        switch (expected)
        {
            case null:
                if (actual is not null)
                {
                    failures.Add($"{Show(path)}: expected null, got {actual.ToJsonString()}");
                }

                break;
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    failures.Add($"{Show(path)}: expected an object, got {actual?.ToJsonString() ?? "null"}");
                    return;
                }

                foreach (var (name, value) in expectedObject)
                {
                    Match(value, actualObject[name], path + "/" + name, failures);
                }

                break;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    failures.Add($"{Show(path)}: expected an array, got {actual?.ToJsonString() ?? "null"}");
                    return;
                }

                if (expectedArray.Count != actualArray.Count)
                {
                    failures.Add($"{Show(path)}: expected {expectedArray.Count} items, got {actualArray.Count}: {actualArray.ToJsonString()}");
                    return;
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    Match(expectedArray[i], actualArray[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), failures);
                }

                break;
            case JsonValue expectedValue:
                if (!ValuesEqual(expectedValue, actual))
                {
                    failures.Add($"{Show(path)}: expected {expectedValue.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}");
                }

                break;
        }
    }

    private static bool ValuesEqual(JsonValue expected, JsonNode? actual)
    {
        if (actual is not JsonValue actualValue)
        {
            return false;
        }

        var e = expected.GetValueKind();
        var a = actualValue.GetValueKind();
        if (e == JsonValueKind.Number && a == JsonValueKind.Number)
        {
            return decimal.Parse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                == decimal.Parse(actualValue.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return e == a && expected.ToJsonString() == actualValue.ToJsonString();
    }

    private static string Show(string path) => path.Length == 0 ? "/" : path;
}
