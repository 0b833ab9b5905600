namespace NMcs.Mediation.Csv;

/// <summary>One thing wrong with a configured CSV source mapping.</summary>
/// <param name="Key">The configuration key to fix, e.g. <c>NMcs:Mediation:Csv:Sources:0:Columns:Timestamp</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record CsvMappingError(string Key, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Message}";
}
