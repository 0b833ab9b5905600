namespace NMcs.Mediation.Csv;

/// <summary>
/// How the CSV files of one source (a switch, SMSC, meter head-end …) map onto <see cref="MediatedUsage"/>. A plain
/// settable class so the configuration binder fills it from <c>NMcs:Mediation:Csv:Sources:N</c>; <see cref="CsvUsageParser.Create"/>
/// validates it. Column references in <see cref="Columns"/> are a header name, or a 0-based index written as digits.
/// </summary>
public sealed class CsvSourceMapping
{
    /// <summary>
    /// Name of the source, e.g. <c>smsc-fra1</c>: letters, digits, '-', '_' and '.'. It prefixes every RecordId
    /// (<c>smsc-fra1:</c>…), so renaming a source that has delivered usage makes its records look new.
    /// </summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>File name globs this source reads, e.g. <c>smsc-*.csv</c> (<c>*</c> and <c>?</c>, case-insensitive, name only).</summary>
    public List<string> FilePatterns { get; set; } = [];

    /// <summary>Field delimiter: <c>,</c> (default), <c>;</c>, <c>|</c> or a tab (<c>"\t"</c> or <c>tab</c>).</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary>Whether the first row names the columns (default true). Without a header, columns are referenced by index.</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>Decimal separator of quantities and durations: <c>.</c> (default) or <c>,</c>. Thousands separators are not accepted.</summary>
    public string DecimalSeparator { get; set; } = ".";

    /// <summary>Which identifier <see cref="CsvColumnMapping.Sim"/> holds: <c>iccid</c>, <c>imsi</c> or <c>msisdn</c>.</summary>
    public string SimKind { get; set; } = string.Empty;

    /// <summary>
    /// How <see cref="CsvColumnMapping.Timestamp"/> is written: <c>iso8601</c> (default; with or without a UTC offset),
    /// <c>unix</c> (seconds since 1970-01-01T00:00:00Z, fractions allowed), or a .NET exact format string such as
    /// <c>yyyyMMddHHmmss</c>.
    /// </summary>
    public string TimestampFormat { get; set; } = "iso8601";

    /// <summary>
    /// Time zone of timestamps written without an offset (local-time switches): an IANA id such as <c>Europe/Berlin</c>,
    /// <c>UTC</c>, or a fixed offset such as <c>+02:00</c>. Required by an exact format without an offset specifier.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Constant service code of every record (e.g. <c>SMS</c>, <c>METER</c>), when no column carries it.</summary>
    public string? Service { get; set; }

    /// <summary>Constant unit of every quantity after <see cref="Multiplier"/> (e.g. <c>MSG</c>, <c>B</c>, <c>KWH</c>), when no column carries it.</summary>
    public string? Unit { get; set; }

    /// <summary>Factor applied to the quantity column (e.g. 1000 when the switch writes decimal kilobytes and the unit is <c>B</c>). Default 1.</summary>
    public decimal? Multiplier { get; set; }

    /// <summary>Which column feeds which field of the usage record.</summary>
    public CsvColumnMapping Columns { get; set; } = new();
}
