using System.Globalization;

namespace NMcs.Mediation.Csv;

/// <summary>A column a mapping names: by header name, or by 0-based index when <see cref="Name"/> is null.</summary>
internal sealed record ColumnRef(string? Name, int Index)
{
    /// <summary>Highest column index a mapping may name.</summary>
    internal const int MaxIndex = 9_999;

    /// <summary>How messages name the column: <c>column 'submit_time'</c> or <c>column 3</c>.</summary>
    public string Label => Name is null ? $"column {Index}" : $"column '{Name}'";

    /// <summary>Reads a column reference: digits are an index, anything else a header name.</summary>
    public static ColumnRef? Parse(string text, bool hasHeader, string key, ICollection<CsvMappingError> errors)
    {
        var value = text.Trim();
        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > MaxIndex)
            {
                errors.Add(new CsvMappingError(key, $"column index {value} is out of range; columns are counted from 0 up to {MaxIndex}."));
                return null;
            }

            return new ColumnRef(null, index);
        }

        if (!hasHeader)
        {
            errors.Add(new CsvMappingError(
                key, $"'{value}' names a header column, but HasHeader is false; give the column's 0-based index instead, e.g. 3, or set HasHeader to true."));
            return null;
        }

        return new ColumnRef(value, -1);
    }
}
