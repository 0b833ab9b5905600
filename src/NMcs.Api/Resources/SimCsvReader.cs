using System.Text;

namespace NMcs.Api.Resources;

/// <summary>
/// Reads a SIM delivery file: comma-separated, first line a header naming the columns <c>iccid,imsi,msisdn</c> and
/// optionally <c>customerId</c> and <c>accountId</c>, in any order and any case; fields may be double-quoted
/// (RFC 4180). A file carrying a secret column (Ki, OPc, K, OP, PINs, PUKs, OTA keys) is refused as a whole:
/// secrets are never stored, and accepting and dropping them would hide that they were sent.
/// </summary>
public static class SimCsvReader
{
    /// <summary>The most data rows one import takes.</summary>
    public const int MaxRows = 10_000;

    private static readonly string[] Known = ["iccid", "imsi", "msisdn", "customerid", "accountid"];

    private static readonly string[] Secrets = ["ki", "k", "opc", "op", "eki", "kic", "kid", "kik", "adm", "adm1", "pin", "pin1", "pin2", "puk", "puk1", "puk2"];

    /// <summary>Parses the file; a problem with the file as a whole is refused naming the field <c>csv</c>.</summary>
    public static IReadOnlyList<SimCsvRow> Read(string? csv)
    {
        var lines = Lines(csv ?? string.Empty).ToList();
        if (lines.Count == 0)
        {
            throw new DomainException("CSV_EMPTY", "csv", "csv is empty; send a header line iccid,imsi,msisdn[,customerId][,accountId] and one line per SIM.");
        }

        var header = lines[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var secret = header.FirstOrDefault(h => Secrets.Contains(h));
        if (secret is not null)
        {
            throw new DomainException("CSV_SECRET_COLUMN", "csv", $"csv has a '{lines[0].Fields[header.IndexOf(secret)].Trim()}' column: secrets such as Ki are never stored; remove the column (and the values) from the file and send it again. Nothing was imported.");
        }

        var unknown = header.FirstOrDefault(h => !Known.Contains(h));
        if (unknown is not null)
        {
            throw new DomainException("CSV_HEADER", "csv", $"csv column '{unknown}' is not known; the header is iccid,imsi,msisdn[,customerId][,accountId].");
        }

        foreach (var required in new[] { "iccid", "imsi", "msisdn" })
        {
            if (!header.Contains(required))
            {
                throw new DomainException("CSV_HEADER", "csv", $"csv header has no '{required}' column; the header is iccid,imsi,msisdn[,customerId][,accountId] (msisdn values may be empty when msisdnPool is given).");
            }
        }

        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainException("CSV_HEADER", "csv", $"csv header names '{duplicate.Key}' twice; name each column once.");
        }

        var data = lines.Skip(1).Where(l => l.Fields.Any(f => f.Trim().Length > 0)).ToList();
        if (data.Count > MaxRows)
        {
            throw new DomainException("CSV_TOO_MANY_ROWS", "csv", $"csv has {data.Count} rows; import at most {MaxRows} per call and split the file. Nothing was imported.");
        }

        string Value(CsvLine line, string column)
        {
            var index = header.IndexOf(column);
            return index < 0 || index >= line.Fields.Count ? string.Empty : line.Fields[index].Trim();
        }

        return data.Select(l => new SimCsvRow(l.Number, Value(l, "iccid"), Value(l, "imsi"), Value(l, "msisdn"), Value(l, "customerid"), Value(l, "accountid"))).ToList();
    }

    private static IEnumerable<CsvLine> Lines(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return new CsvLine(start, fields);
                }

                fields = [];
                line++;
                start = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvLine(start, fields);
        }
    }

    private sealed record CsvLine(int Number, IReadOnlyList<string> Fields);
}
