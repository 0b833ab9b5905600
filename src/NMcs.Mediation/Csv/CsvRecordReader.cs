using System.Text;

namespace NMcs.Mediation.Csv;

/// <summary>
/// Splits RFC 4180 text into records one physical line at a time: fields may be quoted, a quote inside a quoted field
/// is doubled, and a quoted field may span lines (its line breaks become '\n'). Blank lines are skipped. A quote in the
/// middle of an unquoted field is kept as text.
/// </summary>
/// <remarks>
/// A malformed record (a quote never closed, or text after a closing quote) is returned with its
/// <see cref="CsvRecord.Problem"/> and only its first line; the lines after it are read again as records of their own,
/// so one stray quote costs one row instead of the rest of the file. A quoted field is given up on as unterminated once
/// its record exceeds <see cref="MaxRecordChars"/>, which bounds the memory one record can take.
/// </remarks>
internal sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    /// <summary>Longest record, in characters, that a quoted field may grow to across lines.</summary>
    internal const int MaxRecordChars = 1 << 20;

    private readonly TextReader _reader = reader;
    private readonly char _delimiter = delimiter;

    // Lines taken back after a malformed multi-line record, next line on top.
    private readonly Stack<(string Text, long Number)> _replay = new();
    private long _linesRead;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>The next non-blank record, or null at the end of the text.</summary>
    public CsvRecord? Read()
    {
        while (NextLine(out var line, out var number))
        {
            if (!IsBlank(line))
            {
                return Parse(line, number);
            }
        }

        return null;
    }

    private static bool IsBlank(string line)
    {
        foreach (var c in line)
        {
            if (c != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private bool NextLine(out string text, out long number)
    {
        if (_replay.TryPop(out var replayed))
        {
            (text, number) = replayed;
            return true;
        }

        var line = _reader.ReadLine();
        if (line is null)
        {
            text = string.Empty;
            number = 0;
            return false;
        }

        text = line;
        number = ++_linesRead;
        return true;
    }

    private CsvRecord Parse(string first, long number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        List<(string Text, long Number)>? continuation = null;
        var state = State.FieldStart;
        var line = first;
        var length = first.Length;
        var quotedColumn = 0;
        while (true)
        {
            foreach (var c in line)
            {
                switch (state)
                {
                    case State.FieldStart when c == '"':
                        state = State.Quoted;
                        quotedColumn = fields.Count;
                        break;
                    case State.FieldStart or State.Unquoted when c == _delimiter:
                        fields.Add(field.ToString());
                        field.Clear();
                        state = State.FieldStart;
                        break;
                    case State.FieldStart or State.Unquoted:
                        field.Append(c);
                        state = State.Unquoted;
                        break;
                    case State.Quoted when c == '"':
                        state = State.QuoteInQuoted;
                        break;
                    case State.Quoted:
                        field.Append(c);
                        break;
                    case State.QuoteInQuoted when c == '"':
                        field.Append('"');
                        state = State.Quoted;
                        break;
                    case State.QuoteInQuoted when c == _delimiter:
                        fields.Add(field.ToString());
                        field.Clear();
                        state = State.FieldStart;
                        break;
                    default:
                        return Malformed(
                            first,
                            number,
                            continuation,
                            $"text follows the closing quote of the value in column {fields.Count} (counting from 0); quote the whole value and double any quote inside it (\"\")");
                }
            }

            if (state != State.Quoted)
            {
                fields.Add(field.ToString());
                var raw = continuation is null ? first : string.Join('\n', continuation.Select(l => l.Text).Prepend(first));
                return new CsvRecord(number, fields, raw, null);
            }

            if (length > MaxRecordChars || !NextLine(out line, out var next))
            {
                var rest = continuation is null ? string.Empty : "; the lines after this one were read again as rows of their own";
                return Malformed(
                    first,
                    number,
                    continuation,
                    $"the quoted value in column {quotedColumn} (counting from 0) is never closed; end it with a quote and double any quote inside it (\"\"){rest}");
            }

            (continuation ??= []).Add((line, next));
            field.Append('\n');
            length += line.Length + 1;
        }
    }

    private CsvRecord Malformed(string first, long number, List<(string Text, long Number)>? continuation, string problem)
    {
        if (continuation is not null)
        {
            for (var i = continuation.Count - 1; i >= 0; i--)
            {
                _replay.Push(continuation[i]);
            }
        }

        return new CsvRecord(number, [], first, problem);
    }
}
