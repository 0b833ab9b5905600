namespace NMcs.Mediation.Csv;

/// <summary>
/// The columns of a <see cref="CsvSourceMapping"/> (<c>NMcs:Mediation:Csv:Sources:N:Columns</c>). Each value is a header
/// name (e.g. <c>submit_time</c>) or a 0-based column index written as digits (e.g. <c>3</c>); a header name made only
/// of digits can therefore not be used by name.
/// </summary>
public sealed class CsvColumnMapping
{
    /// <summary>
    /// Required. The column holding the record's unique id, or a template of columns that together identify it, e.g.
    /// <c>{switch}-{seq}</c> or <c>{0}-{7}</c> (<c>{{</c> and <c>}}</c> write literal braces). The result is prefixed with
    /// the source name; it must not depend on anything but the row, so a re-read file yields the same ids.
    /// </summary>
    public string? RecordId { get; set; }

    /// <summary>Required. The column with the SIM identifier of the kind <see cref="CsvSourceMapping.SimKind"/>.</summary>
    public string? Sim { get; set; }

    /// <summary>Required. The column with the start of the usage, read by <see cref="CsvSourceMapping.TimestampFormat"/>.</summary>
    public string? Timestamp { get; set; }

    /// <summary>The column with the service code; set this or the constant <see cref="CsvSourceMapping.Service"/>.</summary>
    public string? Service { get; set; }

    /// <summary>Required. The column with the used quantity, a number of zero or more.</summary>
    public string? Quantity { get; set; }

    /// <summary>The column with the quantity's unit; set this or the constant <see cref="CsvSourceMapping.Unit"/>.</summary>
    public string? Unit { get; set; }

    /// <summary>Optional. The column with the session length in seconds.</summary>
    public string? DurationSeconds { get; set; }

    /// <summary>Optional. The column with the called or messaged number.</summary>
    public string? Destination { get; set; }

    /// <summary>Optional. The column with the visited network as MCC-MNC, e.g. <c>234-15</c>.</summary>
    public string? VisitedNetwork { get; set; }
}
