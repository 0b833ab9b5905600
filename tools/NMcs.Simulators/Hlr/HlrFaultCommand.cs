using System.Globalization;
using NMcs.Simulators.Faults;

namespace NMcs.Simulators.Hlr;

/// <summary>
/// The <c>FAULT:KIND[:COUNT,n][:PROB,p][:SEED,s][:MS,x][:CODE,c];</c> admin command, KIND one of
/// DROP, LOSEREPLY, DELAY, GARBAGE, ERROR, CLEAR. Needs no login and is never itself hit by a fault.
/// </summary>
internal static class HlrFaultCommand
{
    /// <summary>Verb of the admin command.</summary>
    public const string Verb = "FAULT";

    /// <summary>Parses the command and arms or clears the fault.</summary>
    /// <param name="command">The command text without <c>;</c>.</param>
    /// <param name="faults">The injector to arm.</param>
    /// <returns>The CAI-style reply.</returns>
    public static string Apply(string command, FaultInjector faults)
    {
        var parts = command.Split(':');
        if (parts.Length < 2)
        {
            return Resp(HlrResultCode.SyntaxError);
        }

        var kindText = parts[1].Trim().ToUpperInvariant();
        var map = HlrParameters.Parse(parts.Skip(2), ',');
        if (map is null || !HlrParameters.OnlyKeys(map, "COUNT", "PROB", "SEED", "MS", "CODE"))
        {
            return Resp(HlrResultCode.SyntaxError);
        }

        if (kindText == "CLEAR")
        {
            faults.Clear();
            return Resp(HlrResultCode.Success);
        }

        FaultKind? kind = kindText switch
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
            return Resp(HlrResultCode.InvalidValue);
        }

        if (!TryInt(map, "COUNT", 1, out var count) || count < 1
            || !TryInt(map, "SEED", 0, out var seed)
            || !TryInt(map, "MS", 0, out var delay) || delay < 0
            || !TryInt(map, "CODE", HlrResultCode.UnknownSubscriber, out var code))
        {
            return Resp(HlrResultCode.InvalidValue);
        }

        double? probability = null;
        if (map.TryGetValue("PROB", out var p))
        {
            if (!double.TryParse(p, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0 || parsed > 1)
            {
                return Resp(HlrResultCode.InvalidValue);
            }

            probability = parsed;
        }

        faults.Inject(new Fault(kind.Value, count, probability, seed, delay, code.ToString(CultureInfo.InvariantCulture)));
        return Resp(HlrResultCode.Success);
    }

    private static bool TryInt(Dictionary<string, string> map, string key, int fallback, out int value)
    {
        value = fallback;
        return !map.TryGetValue(key, out var text)
            || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static string Resp(int code) => $"RESP:{code};";
}
