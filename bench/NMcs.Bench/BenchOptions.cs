using System.Globalization;

namespace NMcs.Bench;

/// <summary>Command-line options of a benchmark: <c>--name value</c>, <c>--name=value</c> or a bare flag.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    private BenchOptions(string command)
    {
        Command = command;
    }

    public string Command { get; }

    public bool Json => Flag("json");

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("name the benchmark first, e.g. `ingest`.");
        }

        var options = new BenchOptions(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new ArgumentException($"unexpected argument '{arg}'; options look like --name value.");
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            options._values[name] = value;
        }

        return options;
    }

    public bool Flag(string name) => _values.TryGetValue(name, out var value) && (value is null || bool.Parse(value));

    public int Int(string name, int defaultValue, int min = 1, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (!int.TryParse((text ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new ArgumentException($"--{name} must be an integer from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    public string? String(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Options given that are not in <paramref name="known"/>.</summary>
    public IReadOnlyList<string> Unknown(params string[] known) =>
        _values.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
}
