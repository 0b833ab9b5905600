using System.Text.Json.Nodes;

namespace NMcs.Cli.Scenarios;

/// <summary>The outcome of a scenario.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="File">Scenario file.</param>
/// <param name="Passed">True when every step met its expectations.</param>
/// <param name="Steps">Per-step outcomes.</param>
public sealed record ScenarioReport(string Name, string File, bool Passed, IReadOnlyList<StepReport> Steps);

/// <summary>The outcome of one step.</summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Action">Action key.</param>
/// <param name="Note">The step's note.</param>
/// <param name="Passed">True when the step met its expectations.</param>
/// <param name="Result">The platform's answer.</param>
/// <param name="Failures">Readable differences.</param>
public sealed record StepReport(int Index, string Action, string? Note, bool Passed, JsonNode? Result, IReadOnlyList<string> Failures);
