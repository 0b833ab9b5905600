using System.Globalization;

namespace NMcs.Simulators.Faults;

/// <summary>
/// Reads a fault from named settings, the same keys as the HLR's <c>FAULT</c> command: <c>KIND</c> (DROP, LOSEREPLY,
/// DELAY, GARBAGE, ERROR or CLEAR), <c>COUNT</c>, <c>PROB</c>, <c>SEED</c>, <c>MS</c>, <c>CODE</c>. Keys are
/// case-insensitive. Used by the HSS admin request and the TCP element's FAULT operation.
/// </summary>
internal static class FaultSettings
{
    private static readonly string[] Keys = ["KIND", "COUNT", "PROB", "SEED", "MS", "CODE"];

    /// <summary>Parses the settings.</summary>
    /// <param name="settings">Key/value pairs, keys compared case-insensitively.</param>
    /// <param name="isValidCode">Whether a <c>CODE</c> value is a code of the simulator's protocol.</param>
    /// <param name="fault">The fault to arm, or null for CLEAR.</param>
    /// <param name="error">What is wrong, naming the setting, when false is returned.</param>
    /// <returns>True when the settings are valid.</returns>
    public static bool TryParse(
        IReadOnlyDictionary<string, string> settings,
        Func<string, bool> isValidCode,
        out Fault? fault,
        out string error)
    {
        fault = null;
        error = string.Empty;
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase) || !map.TryAdd(key, value))
            {
                error = $"unknown or repeated setting '{key}'; use KIND, COUNT, PROB, SEED, MS, CODE";
                return false;
            }
        }

        if (!map.TryGetValue("KIND", out var kindText))
        {
            error = "KIND is missing; use DROP, LOSEREPLY, DELAY, GARBAGE, ERROR or CLEAR";
            return false;
        }

        var normalized = kindText.Trim().ToUpperInvariant();
        if (normalized == "CLEAR")
        {
            return true;
        }

        FaultKind? kind = normalized switch
        {
            "DROP" => FaultKind.Drop,
            "LOSEREPLY" => FaultKind.LoseReply,
            "DELAY" => FaultKind.Delay,
            "GARBAGE" => FaultKind.Garbage,
            "ERROR" => FaultKind.Error,
            _ => null,
        };
        if (kind is null)
        {
            error = $"KIND '{kindText}' is unknown; use DROP, LOSEREPLY, DELAY, GARBAGE, ERROR or CLEAR";
            return false;
        }

        if (!TryInt(map, "COUNT", 1, out var count) || count < 1)
        {
            error = "COUNT must be an integer of at least 1";
            return false;
        }

        if (!TryInt(map, "SEED", 0, out var seed))
        {
            error = "SEED must be an integer";
            return false;
        }

        if (!TryInt(map, "MS", 0, out var delay) || delay < 0)
        {
            error = "MS must be a non-negative integer of milliseconds";
            return false;
        }

        double? probability = null;
        if (map.TryGetValue("PROB", out var p))
        {
            if (!double.TryParse(p, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0 || parsed > 1)
            {
                error = "PROB must be a number in (0, 1]";
                return false;
            }

            probability = parsed;
        }

        var code = map.GetValueOrDefault("CODE");
        if (code is not null && !isValidCode(code))
        {
            error = $"CODE '{code}' is not an error code of this element";
            return false;
        }

        fault = new Fault(kind.Value, count, probability, seed, delay, code);
        return true;
    }

    private static bool TryInt(Dictionary<string, string> map, string key, int fallback, out int value)
    {
        value = fallback;
        return !map.TryGetValue(key, out var text)
            || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
