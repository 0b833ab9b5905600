using System.Text;

namespace NMcs.Simulators.Tcp;

/// <summary>
/// The payload of a frame: UTF-8 <c>KEY=VALUE</c> lines separated by LF (a CR before the LF is ignored, blank lines
/// are skipped). Keys are case-insensitive; the value is everything after the first <c>=</c> and may be empty.
/// </summary>
internal static class TcpMessage
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a payload.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <returns>The fields, or null when the payload is not UTF-8, a line has no key, or a key repeats.</returns>
    public static Dictionary<string, string>? Parse(ReadOnlySpan<byte> payload)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || !fields.TryAdd(line[..at].Trim(), line[(at + 1)..].Trim()))
            {
                return null;
            }
        }

        return fields;
    }

    /// <summary>Formats fields as a payload, in the order given.</summary>
    /// <param name="fields">Keys and values; values must not contain line breaks.</param>
    /// <returns>The UTF-8 payload.</returns>
    public static byte[] Format(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return StrictUtf8.GetBytes(text.ToString());
    }
}
