using System.Text.Json;
using System.Text.Json.Nodes;

namespace NMcs.Cli;

/// <summary>Reads a usage file: a JSON array of records, or NDJSON (one record per line).</summary>
internal static class UsageFile
{
    /// <summary>The records of <paramref name="path"/>, each as compact JSON text (invalid NDJSON lines kept as-is so the platform reports them).</summary>
    public static List<string> Read(string path)
    {
        var text = File.ReadAllText(path);
        if (text.TrimStart().StartsWith('['))
        {
            var array = JsonNode.Parse(text)?.AsArray() ?? throw new JsonException($"{path} is empty.");
            return array.Select(node => node?.ToJsonString() ?? "null").ToList();
        }

        return text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
    }
}
