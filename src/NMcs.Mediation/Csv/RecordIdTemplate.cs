using System.Text;

namespace NMcs.Mediation.Csv;

/// <summary>
/// How a row's RecordId is composed: one column (<c>seq</c>), or a template of columns and literal text
/// (<c>{switch}-{seq}</c>, <c>{0}/{7}</c>; <c>{{</c> and <c>}}</c> are literal braces).
/// </summary>
internal sealed class RecordIdTemplate
{
    private RecordIdTemplate(IReadOnlyList<RecordIdPart> parts) => Parts = parts;

    /// <summary>Literal text and columns, in order.</summary>
    public IReadOnlyList<RecordIdPart> Parts { get; }

    /// <summary>Reads a column reference or template; adds to <paramref name="errors"/> and returns null when it is wrong.</summary>
    public static RecordIdTemplate? Parse(string text, bool hasHeader, string key, ICollection<CsvMappingError> errors)
    {
        if (!text.Contains('{', StringComparison.Ordinal) && !text.Contains('}', StringComparison.Ordinal))
        {
            var column = ColumnRef.Parse(text, hasHeader, key, errors);
            return column is null ? null : new RecordIdTemplate([new RecordIdPart(string.Empty, column)]);
        }

        var parts = new List<RecordIdPart>();
        var literal = new StringBuilder();
        var valid = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = text.IndexOfAny(['{', '}'], i + 1);
                if (close < 0 || text[close] == '{')
                {
                    errors.Add(new CsvMappingError(key, $"template '{text}' opens a '{{' that is never closed; write {{column}} for a column or {{{{ for a literal brace."));
                    return null;
                }

                var name = text[(i + 1)..close];
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add(new CsvMappingError(key, $"template '{text}' has an empty {{}}; put a header name or 0-based index inside, e.g. {{seq}} or {{3}}."));
                    return null;
                }

                if (literal.Length > 0)
                {
                    parts.Add(new RecordIdPart(literal.ToString(), null));
                    literal.Clear();
                }

                var column = ColumnRef.Parse(name, hasHeader, key, errors);
                valid &= column is not null;
                parts.Add(new RecordIdPart(string.Empty, column));
                i = close;
            }
            else if (c == '}')
            {
                errors.Add(new CsvMappingError(key, $"template '{text}' has a '}}' without an opening '{{'; write }}}} for a literal brace."));
                return null;
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new RecordIdPart(literal.ToString(), null));
        }

        if (valid && !parts.Any(p => p.Column is not null))
        {
            errors.Add(new CsvMappingError(key, $"template '{text}' names no column, so every row would get the same id; add the columns that identify a row, e.g. {{switch}}-{{seq}}."));
            return null;
        }

        return valid ? new RecordIdTemplate(parts) : null;
    }
}
