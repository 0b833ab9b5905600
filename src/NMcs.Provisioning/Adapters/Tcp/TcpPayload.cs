using System.Text;

namespace NMcs.Provisioning.Adapters.Tcp;

/// <summary>Frame payloads: UTF-8 <c>KEY=VALUE</c> lines separated by LF, keys case-insensitive.</summary>
internal static class TcpPayload
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Formats fields; throws <see cref="ArgumentException"/> when a value holds a line break.</summary>
    public static byte[] Format(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"{key} must not contain a line break", nameof(fields));
            }

            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return StrictUtf8.GetBytes(text.ToString());
    }

    /// <summary>Parses a payload; throws <see cref="InvalidDataException"/> when it is not such lines.</summary>
    public static Dictionary<string, string> Parse(byte[] payload)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("reply is not UTF-8", e);
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
                throw new InvalidDataException("reply is not KEY=VALUE lines with distinct keys");
            }
        }

        return fields;
    }
}
