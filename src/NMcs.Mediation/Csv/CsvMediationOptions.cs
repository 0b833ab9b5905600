namespace NMcs.Mediation.Csv;

/// <summary>
/// The CSV file sources an operator configures under <c>NMcs:Mediation:Csv</c> in appsettings: one
/// <see cref="CsvSourceMapping"/> per network element or file feed. A file is read with the first source whose
/// <see cref="CsvSourceMapping.FilePatterns"/> match its name.
/// </summary>
public sealed class CsvMediationOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "NMcs:Mediation:Csv";

    /// <summary>The sources, tried in order (<c>NMcs:Mediation:Csv:Sources:0</c>, <c>:1</c>, …).</summary>
    public List<CsvSourceMapping> Sources { get; set; } = [];
}
