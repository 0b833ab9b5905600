using System.Text.Json;
using System.Text.Json.Nodes;

namespace NMcs.Cli.Scenarios;

/// <summary>
/// A scenario: a start time and ordered steps. Each step has exactly one action key (clock, customer, product,
/// sim, usage, billRun, preview, charges, usageRecord, graphql) and optionally <c>expect</c> (a subset of the
/// answer that must match), <c>expectError</c> (an error code the step must fail with) and <c>note</c>.
/// </summary>
public sealed record ScenarioFile(string Name, string Path, DateTimeOffset Start, IReadOnlyList<JsonObject> Steps)
{
    /// <summary>Step keys that are not actions.</summary>
    public static readonly IReadOnlySet<string> StepKeys = new HashSet<string>(StringComparer.Ordinal) { "expect", "expectError", "note" };

    /// <summary>Reads and checks a scenario file.</summary>
    public static ScenarioFile Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{path}: not valid JSON: {e.Message}");
        }

        if (root is not JsonObject scenario)
        {
            throw new ScenarioException($"{path}: a scenario is a JSON object with 'name', 'start' and 'steps'.");
        }

        var name = scenario["name"]?.GetValue<string>() ?? System.IO.Path.GetFileNameWithoutExtension(path);
        if (scenario["start"]?.GetValue<string>() is not string startText || !DateTimeOffset.TryParse(startText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var start))
        {
            throw new ScenarioException($"{path}: 'start' must be an ISO 8601 instant such as 2026-03-01T00:00:00Z (the test clock starts there).");
        }

        if (scenario["steps"] is not JsonArray steps || steps.Count == 0)
        {
            throw new ScenarioException($"{path}: 'steps' must be a non-empty array.");
        }

        var list = new List<JsonObject>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not JsonObject step)
            {
                throw new ScenarioException($"{path}: steps[{i}] must be an object.");
            }

            ActionOf(step, i);
            list.Add(step);
        }

        return new ScenarioFile(name, path, start.ToUniversalTime(), list);
    }

    /// <summary>The single action key of a step and its payload.</summary>
    public static (string Action, JsonNode? Payload) ActionOf(JsonObject step, int index)
    {
        ArgumentNullException.ThrowIfNull(step);
        var actions = step.Where(p => !StepKeys.Contains(p.Key)).ToList();
        if (actions.Count != 1)
        {
            throw new ScenarioException($"steps[{index}] must have exactly one action key, found: {string.Join(", ", actions.Select(a => a.Key))}.");
        }

        return (actions[0].Key, actions[0].Value);
    }
}
