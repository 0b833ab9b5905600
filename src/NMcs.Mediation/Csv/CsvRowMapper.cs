using System.Globalization;
using System.Text;
using NMcs.Identifiers;

namespace NMcs.Mediation.Csv;

/// <summary>
/// A source's mapping bound to one file: header names resolved to indices, then each record turned into usage or a
/// reject that names the field, the column and the fix.
/// </summary>
internal sealed class CsvRowMapper
{
    private const NumberStyles QuantityStyles =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // As the usage ingestion endpoint: a session lasts at most a month.
    private const decimal MaxDurationSeconds = 31 * 86_400;

    private readonly CsvUsageParser _source;
    private readonly string _fileName;
    private readonly int? _headerFields;
    private readonly RecordIdPart[] _recordId;
    private readonly ColumnRef _sim;
    private readonly ColumnRef _timestamp;
    private readonly ColumnRef? _service;
    private readonly ColumnRef _quantity;
    private readonly ColumnRef? _unit;
    private readonly ColumnRef? _duration;
    private readonly ColumnRef? _destination;
    private readonly ColumnRef? _visited;

    private CsvRowMapper(CsvUsageParser source, string fileName, CsvRecord? header)
    {
        _source = source;
        _fileName = fileName;
        _headerFields = header?.Fields.Count;
        var problems = new List<string>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var duplicates = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (header?.Fields.Count ?? 0); i++)
        {
            var name = header!.Fields[i].Trim().TrimStart('\uFEFF');
            if (!names.TryAdd(name, i))
            {
                duplicates.Add(name);
            }
        }

        ColumnRef? Resolve(ColumnRef? column, string key)
        {
            if (column is null)
            {
                return null;
            }

            if (column.Name is null)
            {
                if (_headerFields is { } count && column.Index >= count)
                {
                    problems.Add($"{source.ConfigKey}:Columns:{key} names column {column.Index}, but the header has only {count} columns (0 to {count - 1})");
                }

                return column;
            }

            if (duplicates.Contains(column.Name))
            {
                problems.Add($"{source.ConfigKey}:Columns:{key} names column '{column.Name}', which the header has more than once; refer to it by its 0-based index instead");
            }
            else if (!names.TryGetValue(column.Name, out var index))
            {
                problems.Add($"the header has no column '{column.Name}' that {source.ConfigKey}:Columns:{key} names");
            }
            else
            {
                return column with { Index = index };
            }

            return column;
        }

        _recordId = [.. source.RecordId.Parts.Select(p => p with { Column = Resolve(p.Column, "RecordId") })];
        _sim = Resolve(source.Sim, "Sim")!;
        _timestamp = Resolve(source.Timestamp, "Timestamp")!;
        _service = Resolve(source.ServiceColumn, "Service");
        _quantity = Resolve(source.Quantity, "Quantity")!;
        _unit = Resolve(source.UnitColumn, "Unit");
        _duration = Resolve(source.DurationSeconds, "DurationSeconds");
        _destination = Resolve(source.Destination, "Destination");
        _visited = Resolve(source.VisitedNetwork, "VisitedNetwork");

        if (problems.Count > 0)
        {
            throw new DomainException(
                "CSV_HEADER_MISMATCH",
                source.ConfigKey,
                $"{fileName} line {header!.Line}: {string.Join("; ", problems)}. The header is: {string.Join(", ", header.Fields)}. Fix the mapping or the file; no row of the file was read.");
        }
    }

    /// <summary>
    /// Binds <paramref name="source"/> to a file with the given <paramref name="header"/> (null when the source has
    /// none); throws <c>CSV_HEADER_MISMATCH</c> when the header does not fit the mapping.
    /// </summary>
    public static CsvRowMapper Bind(CsvUsageParser source, string fileName, CsvRecord? header)
    {
        if (header?.Problem is { } problem)
        {
            throw new DomainException("CSV_HEADER_MISMATCH", source.ConfigKey, $"{fileName} line {header.Line}: the header row is not valid CSV: {problem}.");
        }

        return new CsvRowMapper(source, fileName, header);
    }

    /// <summary>True for a service code: an upper-case letter, then upper-case letters, digits or '_', at most 32.</summary>
    public static bool IsServiceCode(string code) =>
        code.Length is > 0 and <= 32 && char.IsAsciiLetterUpper(code[0]) && code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>True for a unit: upper-case letters, digits or '_', at most 16.</summary>
    public static bool IsUnit(string unit) =>
        unit.Length is > 0 and <= 16 && unit.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>Turns data row number <paramref name="row"/> into usage or a reject.</summary>
    public CsvRowResult Map(CsvRecord record, long row)
    {
        var problem = TryMap(record, out var usage, out var field);
        return problem is null
            ? new CsvRowResult(row, usage, null)
            : new CsvRowResult(row, null, new SourceReject(new RecordSource(_fileName, record.Line), field, problem, record.Raw));
    }

    private string? TryMap(CsvRecord record, out MediatedUsage? usage, out string field)
    {
        usage = null;
        field = "record";
        if (record.Problem is not null)
        {
            return record.Problem;
        }

        var fields = record.Fields;
        if (_headerFields is { } count && fields.Count != count)
        {
            return $"the row has {fields.Count} fields but the header has {count}; quote values that contain the delimiter '{Printable(_source.Delimiter)}', or add the missing fields.";
        }

        field = "recordId";
        var recordId = new StringBuilder(_source.Name).Append(':');
        foreach (var part in _recordId)
        {
            if (part.Column is null)
            {
                recordId.Append(part.Literal);
                continue;
            }

            if (Required(fields, part.Column, "RecordId", "every part of the RecordId needs a value, or ids stop being unique", out var value) is { } missing)
            {
                return missing;
            }

            recordId.Append(value);
        }

        field = _source.SimKind;
        if (Required(fields, _sim, "Sim", $"the row needs the SIM's {_source.SimKind} there", out var simText) is { } noSim)
        {
            return noSim;
        }

        string simId;
        try
        {
            simId = _source.SimKind switch
            {
                "iccid" => SimIdentifiers.ValidateIccid(simText),
                "imsi" => SimIdentifiers.ValidateImsi(simText),
                _ => SimIdentifiers.ValidateMsisdn(simText),
            };
        }
        catch (DomainException invalid)
        {
            return $"{invalid.Message} ({_sim.Label})";
        }

        field = "timestamp";
        if (Required(fields, _timestamp, "Timestamp", "the row needs the start of the usage there", out var timeText) is { } noTime)
        {
            return noTime;
        }

        if (!_source.Timestamps.TryRead(timeText, out var timestamp, out var timeProblem))
        {
            return $"timestamp '{timeText}' in {_timestamp.Label} {timeProblem}";
        }

        field = "service";
        var service = _source.ServiceConstant;
        if (_service is not null)
        {
            if (Required(fields, _service, "Service", "the row needs a service code there", out var serviceText) is { } noService)
            {
                return noService;
            }

            service = serviceText.ToUpperInvariant();
            if (!IsServiceCode(service))
            {
                return $"service '{serviceText}' in {_service.Label} is not a service code; use DATA, SMS, VOICE or a custom service of the product (letters, digits, '_').";
            }
        }

        field = "quantity";
        if (Required(fields, _quantity, "Quantity", "the row needs the used quantity there", out var quantityText) is { } noQuantity)
        {
            return noQuantity;
        }

        if (!decimal.TryParse(quantityText, QuantityStyles, _source.Numbers, out var quantity))
        {
            var separator = _source.Numbers.NumberDecimalSeparator;
            return $"quantity '{quantityText}' in {_quantity.Label} is not a number; write it with '{separator}' as the decimal separator and no thousands separators, e.g. 1536 or 1{separator}5.";
        }

        if (quantity < 0)
        {
            return $"quantity {quantityText} in {_quantity.Label} is negative; usage quantities are zero or more (corrections go through adjustments).";
        }

        try
        {
            quantity *= _source.Multiplier;
        }
        catch (OverflowException)
        {
            return $"quantity {quantityText} in {_quantity.Label} times the Multiplier {_source.Multiplier.ToString(CultureInfo.InvariantCulture)} is too large to hold; check the value.";
        }

        field = "unit";
        var unit = _source.UnitConstant;
        if (_unit is not null)
        {
            if (Required(fields, _unit, "Unit", "the row needs the quantity's unit there", out var unitText) is { } noUnit)
            {
                return noUnit;
            }

            unit = unitText.ToUpperInvariant();
            if (!IsUnit(unit))
            {
                return $"unit '{unitText}' in {_unit.Label} is not a unit; use one such as B, KB, MSG, S or KWH (letters, digits, '_').";
            }
        }

        field = "durationSeconds";
        double? duration = null;
        if (Optional(fields, _duration, "DurationSeconds", out var durationText) is { } noDuration)
        {
            return noDuration;
        }

        if (durationText is not null)
        {
            if (!decimal.TryParse(durationText, QuantityStyles, _source.Numbers, out var seconds) || seconds < 0 || seconds > MaxDurationSeconds)
            {
                return $"durationSeconds '{durationText}' in {_duration!.Label} must be a number of seconds between 0 and {MaxDurationSeconds} (one month).";
            }

            duration = (double)seconds;
        }

        field = "destination";
        if (Optional(fields, _destination, "Destination", out var destination) is { } noDestination)
        {
            return noDestination;
        }

        field = "visitedNetwork";
        if (Optional(fields, _visited, "VisitedNetwork", out var visited) is { } noVisited)
        {
            return noVisited;
        }

        if (visited is not null && !IsMccMnc(visited))
        {
            return $"visitedNetwork '{visited}' in {_visited!.Label} must be MCC-MNC such as 234-15 (3 digits, '-', 2 or 3 digits).";
        }

        usage = new MediatedUsage(
            recordId.ToString(),
            _source.SimKind,
            simId,
            timestamp,
            service!,
            quantity,
            unit!,
            duration,
            destination,
            visited,
            new RecordSource(_fileName, record.Line));
        return null;
    }

    private string? Required(IReadOnlyList<string> fields, ColumnRef column, string key, string needs, out string value)
    {
        if (Optional(fields, column, key, out var text) is { } missing)
        {
            value = string.Empty;
            return missing;
        }

        value = text ?? string.Empty;
        return text is null ? $"{column.Label} is empty; {needs}." : null;
    }

    // Null with a null value when the field is empty or not mapped; a problem when the row is too short to have it.
    private string? Optional(IReadOnlyList<string> fields, ColumnRef? column, string key, out string? value)
    {
        value = null;
        if (column is null)
        {
            return null;
        }

        if (column.Index >= fields.Count)
        {
            return $"{column.Label} is missing: the row has only {fields.Count} fields (columns 0 to {fields.Count - 1}); add the field, or fix {_source.ConfigKey}:Columns:{key}.";
        }

        var text = fields[column.Index].Trim();
        value = text.Length == 0 ? null : text;
        return null;
    }

    private static bool IsMccMnc(string value) =>
        value.Length is 6 or 7 && value[3] == '-' && value.Remove(3, 1).All(char.IsAsciiDigit);

    private static string Printable(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();
}
