using System.Globalization;
using System.IO.Enumeration;
using System.Text;

namespace NMcs.Mediation.Csv;

/// <summary>
/// Reads the CSV files of one source into <see cref="MediatedUsage"/> records and <see cref="SourceReject"/>s, as
/// its validated <see cref="CsvSourceMapping"/> says. Files are streamed one line at a time; a bad row becomes a
/// reject and the rows around it are still read.
/// </summary>
public sealed class CsvUsageParser
{
    private readonly string[] _filePatterns;

    private CsvUsageParser(CsvSourceMapping mapping, string configKey, string[] filePatterns, char delimiter, NumberFormatInfo numbers, TimestampReader timestamps)
    {
        Name = mapping.Name.Trim();
        ConfigKey = configKey;
        _filePatterns = filePatterns;
        Delimiter = delimiter;
        HasHeader = mapping.HasHeader;
        Numbers = numbers;
        SimKind = mapping.SimKind.Trim().ToLowerInvariant();
        Timestamps = timestamps;
        Multiplier = mapping.Multiplier ?? 1m;
        ServiceConstant = Constant(mapping.Service);
        UnitConstant = Constant(mapping.Unit);
    }

    /// <summary>The source's name; it prefixes every RecordId.</summary>
    public string Name { get; }

    /// <summary>The configuration key of the source's mapping, e.g. <c>NMcs:Mediation:Csv:Sources:0</c>, which errors name.</summary>
    public string ConfigKey { get; }

    internal char Delimiter { get; }

    internal bool HasHeader { get; }

    internal NumberFormatInfo Numbers { get; }

    internal string SimKind { get; }

    internal TimestampReader Timestamps { get; }

    internal decimal Multiplier { get; }

    internal string? ServiceConstant { get; }

    internal string? UnitConstant { get; }

    internal RecordIdTemplate RecordId { get; private init; } = null!;

    internal ColumnRef Sim { get; private init; } = null!;

    internal ColumnRef Timestamp { get; private init; } = null!;

    internal ColumnRef? ServiceColumn { get; private init; }

    internal ColumnRef Quantity { get; private init; } = null!;

    internal ColumnRef? UnitColumn { get; private init; }

    internal ColumnRef? DurationSeconds { get; private init; }

    internal ColumnRef? Destination { get; private init; }

    internal ColumnRef? VisitedNetwork { get; private init; }

    /// <summary>
    /// Validates <paramref name="mapping"/>, configured at <paramref name="configKey"/> (e.g.
    /// <c>NMcs:Mediation:Csv:Sources:0</c>), and returns its parser. Throws a <see cref="DomainException"/> with code
    /// <c>INVALID_CSV_MAPPING</c> listing every problem, each with the key to fix.
    /// </summary>
    public static CsvUsageParser Create(CsvSourceMapping mapping, string configKey)
    {
        var errors = new List<CsvMappingError>();
        var parser = Compile(mapping, configKey, errors);
        if (parser is null)
        {
            throw new DomainException(
                "INVALID_CSV_MAPPING",
                errors[0].Key,
                $"The CSV source mapping {configKey} is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }

        return parser;
    }

    /// <summary>The problems of <paramref name="mapping"/>, configured at <paramref name="configKey"/>; empty when it is valid.</summary>
    public static IReadOnlyList<CsvMappingError> Validate(CsvSourceMapping mapping, string configKey)
    {
        var errors = new List<CsvMappingError>();
        Compile(mapping, configKey, errors);
        return errors;
    }

    /// <summary>True when the name part of <paramref name="fileName"/> matches one of the source's file patterns.</summary>
    public bool Matches(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return _filePatterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: true));
    }

    /// <summary>
    /// Reads <paramref name="stream"/> (UTF-8, a byte order mark is skipped) lazily, one line at a time, and yields one
    /// result per data row in file order. Each record's and reject's <see cref="RecordSource"/> is
    /// <paramref name="fileName"/> and the 1-based physical line the row starts on.
    /// </summary>
    /// <param name="fileName">The file's name, as rejects and record sources should show it.</param>
    /// <param name="stream">The file's content; left open.</param>
    /// <param name="skipRows">
    /// Data rows to pass over without yielding them, to resume a file whose first rows were handled before a crash:
    /// the <see cref="CsvRowResult.Row"/> of the last result handled. Rows keep their numbers, lines and RecordIds.
    /// </param>
    /// <exception cref="DomainException">
    /// Code <c>CSV_HEADER_MISMATCH</c>, on the first step of the enumeration, when the header lacks a column the mapping
    /// names (or has it twice); no row of such a file is read.
    /// </exception>
    public IEnumerable<CsvRowResult> Parse(string fileName, Stream stream, long skipRows = 0)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(skipRows);
        return ParseRows(fileName, stream, skipRows);
    }

    private IEnumerable<CsvRowResult> ParseRows(string fileName, Stream stream, long skipRows)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var reader = new CsvRecordReader(text, Delimiter);
        CsvRecord? header = null;
        if (HasHeader)
        {
            header = reader.Read();
            if (header is null)
            {
                yield break;
            }
        }

        var mapper = CsvRowMapper.Bind(this, fileName, header);
        var row = 0L;
        while (reader.Read() is { } record)
        {
            row++;
            if (row > skipRows)
            {
                yield return mapper.Map(record, row);
            }
        }
    }

    private static string? Constant(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();

    private static CsvUsageParser? Compile(CsvSourceMapping mapping, string configKey, List<CsvMappingError> errors)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrWhiteSpace(configKey);
        var count = errors.Count;

        var name = mapping.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(new CsvMappingError($"{configKey}:Name", "is missing; name the source after its network element, e.g. smsc-fra1 (the name prefixes every RecordId)."));
        }
        else if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(new CsvMappingError($"{configKey}:Name", $"'{name}' may hold only letters, digits, '-', '_' and '.', e.g. smsc-fra1."));
        }

        var patterns = FilePatterns(mapping.FilePatterns, configKey, errors);
        var delimiter = ParseDelimiter(mapping.Delimiter, configKey, errors);
        var numbers = ParseDecimalSeparator(mapping.DecimalSeparator, configKey, errors);

        var simKind = mapping.SimKind?.Trim().ToLowerInvariant();
        if (simKind is not ("iccid" or "imsi" or "msisdn"))
        {
            errors.Add(new CsvMappingError(
                $"{configKey}:SimKind",
                string.IsNullOrEmpty(simKind)
                    ? "is missing; say which SIM identifier Columns:Sim holds: iccid, imsi or msisdn."
                    : $"'{mapping.SimKind}' is not a SIM identifier; use iccid, imsi or msisdn."));
        }

        var timestamps = TimestampReader.Create(mapping.TimestampFormat, mapping.TimeZone, configKey, errors);

        if (mapping.Multiplier is <= 0m)
        {
            errors.Add(new CsvMappingError(
                $"{configKey}:Multiplier",
                $"{mapping.Multiplier.Value.ToString(CultureInfo.InvariantCulture)} must be greater than 0, e.g. 1000 to turn decimal kilobytes into bytes; leave it out for 1."));
        }

        var columns = mapping.Columns ?? new CsvColumnMapping();
        var columnsKey = $"{configKey}:Columns";
        var hasHeader = mapping.HasHeader;

        RecordIdTemplate? recordId = null;
        if (string.IsNullOrWhiteSpace(columns.RecordId))
        {
            errors.Add(new CsvMappingError(
                $"{columnsKey}:RecordId",
                "is missing; name the column with the record's unique id, or a template of columns that together identify a row, e.g. {switch}-{seq}, so a re-read file is recognised."));
        }
        else
        {
            recordId = RecordIdTemplate.Parse(columns.RecordId, hasHeader, $"{columnsKey}:RecordId", errors);
        }

        var sim = RequiredColumn(columns.Sim, "Sim", "the column with the SIM identifier, e.g. msisdn or 2", columnsKey, hasHeader, errors);
        var timestamp = RequiredColumn(columns.Timestamp, "Timestamp", "the column with the start of the usage, e.g. submit_time or 4", columnsKey, hasHeader, errors);
        var quantity = RequiredColumn(columns.Quantity, "Quantity", "the column with the used quantity, e.g. bytes or 5", columnsKey, hasHeader, errors);
        var service = ColumnOrConstant(columns.Service, mapping.Service, "Service", "SMS", configKey, hasHeader, errors);
        var unit = ColumnOrConstant(columns.Unit, mapping.Unit, "Unit", "MSG", configKey, hasHeader, errors);

        var serviceConstant = Constant(mapping.Service);
        if (serviceConstant is not null && !CsvRowMapper.IsServiceCode(serviceConstant))
        {
            errors.Add(new CsvMappingError($"{configKey}:Service", $"'{mapping.Service}' is not a service code; use DATA, SMS, VOICE or a custom service of the product such as METER (letters, digits, '_')."));
        }

        var unitConstant = Constant(mapping.Unit);
        if (unitConstant is not null && !CsvRowMapper.IsUnit(unitConstant))
        {
            errors.Add(new CsvMappingError($"{configKey}:Unit", $"'{mapping.Unit}' is not a unit; use one such as B, KB, MSG, S or KWH (letters, digits, '_')."));
        }

        var duration = OptionalColumn(columns.DurationSeconds, $"{columnsKey}:DurationSeconds", hasHeader, errors);
        var destination = OptionalColumn(columns.Destination, $"{columnsKey}:Destination", hasHeader, errors);
        var visited = OptionalColumn(columns.VisitedNetwork, $"{columnsKey}:VisitedNetwork", hasHeader, errors);

        if (errors.Count > count)
        {
            return null;
        }

        return new CsvUsageParser(mapping, configKey, patterns, delimiter, numbers, timestamps!)
        {
            RecordId = recordId!,
            Sim = sim!,
            Timestamp = timestamp!,
            ServiceColumn = service,
            Quantity = quantity!,
            UnitColumn = unit,
            DurationSeconds = duration,
            Destination = destination,
            VisitedNetwork = visited,
        };
    }

    private static string[] FilePatterns(List<string>? patterns, string configKey, List<CsvMappingError> errors)
    {
        var result = new List<string>();
        for (var i = 0; i < (patterns?.Count ?? 0); i++)
        {
            var pattern = patterns![i]?.Trim() ?? string.Empty;
            if (pattern.Length == 0)
            {
                errors.Add(new CsvMappingError($"{configKey}:FilePatterns:{i}", "is empty; give a file name pattern such as smsc-*.csv, or remove the entry."));
            }
            else if (pattern.Contains('/', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal))
            {
                errors.Add(new CsvMappingError($"{configKey}:FilePatterns:{i}", $"'{pattern}' contains a directory; patterns match the file name only, e.g. smsc-*.csv."));
            }
            else
            {
                result.Add(pattern);
            }
        }

        if (patterns is null || patterns.Count == 0)
        {
            errors.Add(new CsvMappingError($"{configKey}:FilePatterns", "lists no file name pattern; add the names this source's files have, e.g. [\"smsc-*.csv\"]."));
        }

        return [.. result];
    }

    private static char ParseDelimiter(string? delimiter, string configKey, List<CsvMappingError> errors)
    {
        switch (delimiter)
        {
            case ",":
            case ";":
            case "|":
            case "\t":
                return delimiter[0];
            case null or "":
                return ',';
            default:
                if (delimiter.Equals("tab", StringComparison.OrdinalIgnoreCase) || delimiter == "\\t")
                {
                    return '\t';
                }

                errors.Add(new CsvMappingError($"{configKey}:Delimiter", $"'{delimiter}' is not a supported delimiter; use \",\", \";\", \"|\" or \"\\t\" (tab)."));
                return ',';
        }
    }

    private static NumberFormatInfo ParseDecimalSeparator(string? separator, string configKey, List<CsvMappingError> errors)
    {
        var value = string.IsNullOrEmpty(separator) ? "." : separator;
        if (value is not ("." or ","))
        {
            errors.Add(new CsvMappingError($"{configKey}:DecimalSeparator", $"'{separator}' is not a decimal separator; use \".\" (1.5) or \",\" (1,5)."));
            value = ".";
        }

        var numbers = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        numbers.NumberDecimalSeparator = value;
        numbers.NumberGroupSeparator = value == "." ? "," : ".";
        return NumberFormatInfo.ReadOnly(numbers);
    }

    private static ColumnRef? RequiredColumn(string? text, string name, string hint, string columnsKey, bool hasHeader, List<CsvMappingError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new CsvMappingError($"{columnsKey}:{name}", $"is missing; give {hint}."));
            return null;
        }

        return ColumnRef.Parse(text, hasHeader, $"{columnsKey}:{name}", errors);
    }

    private static ColumnRef? OptionalColumn(string? text, string key, bool hasHeader, List<CsvMappingError> errors) =>
        string.IsNullOrWhiteSpace(text) ? null : ColumnRef.Parse(text, hasHeader, key, errors);

    private static ColumnRef? ColumnOrConstant(string? column, string? constant, string name, string example, string configKey, bool hasHeader, List<CsvMappingError> errors)
    {
        var hasColumn = !string.IsNullOrWhiteSpace(column);
        var hasConstant = !string.IsNullOrWhiteSpace(constant);
        if (hasColumn && hasConstant)
        {
            errors.Add(new CsvMappingError(
                $"{configKey}:{name}",
                $"and {configKey}:Columns:{name} are both set; keep {name} for one value for every row (e.g. {example}) or Columns:{name} to read it from a column, not both."));
            return null;
        }

        if (!hasColumn && !hasConstant)
        {
            errors.Add(new CsvMappingError(
                $"{configKey}:Columns:{name}",
                $"is missing; name the column that holds the {name.ToLowerInvariant()}, or set {configKey}:{name} to one value for every row, e.g. {example}."));
            return null;
        }

        return hasColumn ? ColumnRef.Parse(column!, hasHeader, $"{configKey}:Columns:{name}", errors) : null;
    }
}
