using System.Globalization;
using System.Text;
using NMcs.Billing.Recurring;
using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Storage;

/// <summary>
/// Text form of the recurring-charge segments one invoice billed for one subscription: one line per segment, its
/// fields separated by tabs in the order of <see cref="RecurringChargeSegment"/>. A backslash escapes a backslash,
/// tab, line feed or carriage return inside a field (<c>\\ \t \n \r</c>); <c>\N</c> stands for a null tax category.
/// Days are ISO dates, amounts invariant decimals, so the text reads back to equal segments.
/// </summary>
internal static class BilledSegmentCodec
{
    private const int FieldCount = 17;

    public static string Encode(IEnumerable<RecurringChargeSegment> segments)
    {
        var text = new StringBuilder(256);
        var first = true;
        foreach (var s in segments)
        {
            if (!first)
            {
                text.Append('\n');
            }

            first = false;
            Field(text, s.Product).Append('\t');
            Field(text, s.ChargeId).Append('\t');
            Field(text, s.Name).Append('\t');
            text.Append(s.Timing == ChargeTiming.InAdvance ? 'A' : 'R').Append('\t');
            text.Append(StatusCode(s.Status)).Append('\t');
            Date(text, s.PeriodStart).Append('\t');
            Date(text, s.PeriodEnd).Append('\t');
            Date(text, s.From).Append('\t');
            Date(text, s.To).Append('\t');
            text.Append(s.Days.ToString(CultureInfo.InvariantCulture)).Append('\t');
            text.Append(s.PeriodDays.ToString(CultureInfo.InvariantCulture)).Append('\t');
            text.Append(s.Price.ToString(CultureInfo.InvariantCulture)).Append('\t');
            text.Append(s.UnroundedAmount.ToString(CultureInfo.InvariantCulture)).Append('\t');
            text.Append(s.Amount.ToString(CultureInfo.InvariantCulture)).Append('\t');
            Date(text, s.DueOn).Append('\t');
            Field(text, s.Description).Append('\t');
            if (s.TaxCategory is null)
            {
                text.Append("\\N");
            }
            else
            {
                Field(text, s.TaxCategory);
            }
        }

        return text.ToString();
    }

    public static void Decode(string text, List<RecurringChargeSegment> into)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(into);
        if (text.Length == 0)
        {
            return;
        }

        // Raw tabs and line feeds only ever separate: inside a field they are escaped.
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length != FieldCount)
            {
                throw Corrupt(text);
            }

            into.Add(new RecurringChargeSegment(
                Unescape(f[0], text),
                Unescape(f[1], text),
                Unescape(f[2], text),
                f[3] == "A" ? ChargeTiming.InAdvance : f[3] == "R" ? ChargeTiming.InArrears : throw Corrupt(text),
                Status(f[4]),
                Date(f[5]),
                Date(f[6]),
                Date(f[7]),
                Date(f[8]),
                int.Parse(f[9], CultureInfo.InvariantCulture),
                int.Parse(f[10], CultureInfo.InvariantCulture),
                DbValues.Dec(f[11]),
                DbValues.Dec(f[12]),
                DbValues.Dec(f[13]),
                Date(f[14]),
                Unescape(f[15], text),
                f[16] == "\\N" ? null : Unescape(f[16], text)));
        }
    }

    private static string Unescape(string field, string text)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var value = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\')
            {
                value.Append(field[i]);
                continue;
            }

            if (++i == field.Length)
            {
                throw Corrupt(text);
            }

            value.Append(field[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '\\' => '\\', _ => throw Corrupt(text) });
        }

        return value.ToString();
    }

    private static InvalidOperationException Corrupt(string text) =>
        new($"billed segments text is corrupt (starts '{text[..Math.Min(40, text.Length)]}'); the store was changed outside the platform.");

    private static StringBuilder Field(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '\t' => text.Append("\\t"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                _ => text.Append(c),
            };
        }

        return text;
    }

    private static char StatusCode(ServiceStatus status) => status switch
    {
        ServiceStatus.Active => 'A',
        ServiceStatus.Suspended => 'S',
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "no code for this service status"),
    };

    private static ServiceStatus Status(string code) => code switch
    {
        "A" => ServiceStatus.Active,
        "S" => ServiceStatus.Suspended,
        _ => throw new InvalidOperationException($"unknown service status code '{code}' in billed segments"),
    };

    private static StringBuilder Date(StringBuilder text, LocalDate day) =>
        text.Append(day.Year.ToString("D4", CultureInfo.InvariantCulture)).Append('-')
            .Append(day.Month.ToString("D2", CultureInfo.InvariantCulture)).Append('-')
            .Append(day.Day.ToString("D2", CultureInfo.InvariantCulture));

    private static LocalDate Date(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-'
            ? new LocalDate(int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(8, 2), CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"billed segment day '{text}' is not yyyy-MM-dd");
}
