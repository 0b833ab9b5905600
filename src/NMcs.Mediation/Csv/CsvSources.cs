namespace NMcs.Mediation.Csv;

/// <summary>
/// The configured CSV sources, validated: finds the source a collected file belongs to.
/// </summary>
public sealed class CsvSources
{
    private CsvSources(IReadOnlyList<CsvUsageParser> all) => All = all;

    /// <summary>The sources in configuration order.</summary>
    public IReadOnlyList<CsvUsageParser> All { get; }

    /// <summary>
    /// Validates every source of <paramref name="options"/>, bound from <paramref name="section"/>. Throws a
    /// <see cref="DomainException"/> with code <c>INVALID_CSV_MAPPING</c> listing every problem with its key.
    /// </summary>
    public static CsvSources Create(CsvMediationOptions options, string section = CsvMediationOptions.SectionName)
    {
        var errors = Validate(options, section);
        if (errors.Count > 0)
        {
            throw new DomainException(
                "INVALID_CSV_MAPPING",
                errors[0].Key,
                $"The CSV sources under {section} are invalid:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }

        return new CsvSources([.. options.Sources.Select((source, i) => CsvUsageParser.Create(source, SourceKey(section, i)))]);
    }

    /// <summary>The problems of <paramref name="options"/>, bound from <paramref name="section"/>; empty when they are valid.</summary>
    public static IReadOnlyList<CsvMappingError> Validate(CsvMediationOptions options, string section = CsvMediationOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<CsvMappingError>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var key = SourceKey(section, i);
            errors.AddRange(CsvUsageParser.Validate(options.Sources[i], key));
            var name = options.Sources[i].Name?.Trim();
            if (!string.IsNullOrEmpty(name) && !names.TryAdd(name, i))
            {
                errors.Add(new CsvMappingError(
                    $"{key}:Name", $"'{name}' is already the name of {SourceKey(section, names[name])}; give every source its own name, since it prefixes the RecordIds."));
            }
        }

        return errors;
    }

    /// <summary>The first source whose file patterns match <paramref name="fileName"/>, or null when none does.</summary>
    public CsvUsageParser? ForFile(string fileName) => All.FirstOrDefault(source => source.Matches(fileName));

    private static string SourceKey(string section, int index) => $"{section}:Sources:{index}";
}
