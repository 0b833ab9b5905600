using System.Globalization;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace NMcs.Mediation.Csv;

/// <summary>
/// Reads a source's timestamps into UTC: ISO 8601, unix epoch seconds, or a .NET exact format. A time written without
/// an offset is local time in the source's zone; in the hour a DST change repeats it is taken as the earlier of the
/// two instants, and a time the change skips is moved forward by the length of the gap (NodaTime's lenient resolver).
/// </summary>
internal sealed class TimestampReader
{
    private const string IsoFormat = "iso8601";
    private const string UnixFormat = "unix";

    // 9999-12-31T23:59:59Z, the last second DateTimeOffset can hold.
    private const decimal MaxUnixSeconds = 253_402_300_799m;

    private static readonly OffsetDateTimePattern[] IsoWithOffset =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFFo<G>"),
    ];

    private static readonly LocalDateTimePattern[] IsoLocal =
    [
        LocalDateTimePattern.ExtendedIso,
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFF"),
    ];

    private readonly string _format;
    private readonly bool _exactWithOffset;
    private readonly DateTimeZone? _zone;
    private readonly string _sourceKey;

    private TimestampReader(string format, bool exactWithOffset, DateTimeZone? zone, string sourceKey)
    {
        _format = format;
        _exactWithOffset = exactWithOffset;
        _zone = zone;
        _sourceKey = sourceKey;
    }

    /// <summary>
    /// Checks <paramref name="format"/> and <paramref name="timeZone"/> of the source at <paramref name="sourceKey"/>;
    /// adds to <paramref name="errors"/> and returns null when they are wrong.
    /// </summary>
    public static TimestampReader? Create(string? format, string? timeZone, string sourceKey, ICollection<CsvMappingError> errors)
    {
        var valid = true;
        DateTimeZone? zone = null;
        if (!string.IsNullOrWhiteSpace(timeZone))
        {
            zone = ParseZone(timeZone.Trim());
            if (zone is null)
            {
                errors.Add(new CsvMappingError(
                    $"{sourceKey}:TimeZone",
                    $"'{timeZone}' is not a time zone; use an IANA id such as Europe/Berlin, UTC, or a fixed offset such as +02:00."));
                valid = false;
            }
        }

        var text = string.IsNullOrWhiteSpace(format) ? IsoFormat : format.Trim();
        if (text.Equals(IsoFormat, StringComparison.OrdinalIgnoreCase))
        {
            return valid ? new TimestampReader(IsoFormat, false, zone, sourceKey) : null;
        }

        if (text.Equals(UnixFormat, StringComparison.OrdinalIgnoreCase))
        {
            return valid ? new TimestampReader(UnixFormat, false, zone, sourceKey) : null;
        }

        var withOffset = HasOffsetSpecifier(text);
        if (!ReadsBackWhatItWrites(text, withOffset))
        {
            errors.Add(new CsvMappingError(
                $"{sourceKey}:TimestampFormat",
                $"'{text}' is not iso8601, unix or a .NET exact format that reads back date and time; use specifiers such as yyyy (year), MM (month), dd (day), HH (hour 00-23), mm (minute), ss (second), e.g. yyyyMMddHHmmss."));
            return null;
        }

        if (!withOffset && zone is null && valid)
        {
            errors.Add(new CsvMappingError(
                $"{sourceKey}:TimeZone",
                $"is missing, but TimestampFormat '{text}' has no offset specifier (z, zzz or K); set the switch's time zone, e.g. Europe/Berlin, or UTC."));
            return null;
        }

        return valid ? new TimestampReader(text, withOffset, zone, sourceKey) : null;
    }

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="problem"/> completes "timestamp 'x' in column y …".</summary>
    public bool TryRead(string text, out DateTimeOffset utc, out string problem)
    {
        utc = default;
        problem = string.Empty;
        switch (_format)
        {
            case IsoFormat:
                foreach (var pattern in IsoWithOffset)
                {
                    if (pattern.Parse(text) is { Success: true } withOffset)
                    {
                        utc = withOffset.Value.ToInstant().ToDateTimeOffset();
                        return true;
                    }
                }

                foreach (var pattern in IsoLocal)
                {
                    if (pattern.Parse(text) is { Success: true } local)
                    {
                        if (_zone is null)
                        {
                            problem = $"has no UTC offset and the source has no time zone; set {_sourceKey}:TimeZone to the switch's zone (e.g. Europe/Berlin), or have the switch write the offset (2026-03-05T10:00:00Z, 2026-03-05T11:00:00+01:00).";
                            return false;
                        }

                        utc = ToUtc(local.Value, _zone);
                        return true;
                    }
                }

                problem = "is not an ISO 8601 time; write it as 2026-03-05T10:00:00Z or 2026-03-05T11:00:00+01:00 (with TimeZone set, 2026-03-05 11:00:00 also reads).";
                return false;

            case UnixFormat:
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
                {
                    problem = "is not a unix time; write whole or fractional seconds since 1970-01-01T00:00:00Z, e.g. 1772704800.";
                    return false;
                }

                utc = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
                return true;

            default:
                if (_exactWithOffset)
                {
                    if (DateTimeOffset.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
                    {
                        utc = exact.ToUniversalTime();
                        return true;
                    }
                }
                else if (DateTime.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                {
                    utc = ToUtc(LocalDateTime.FromDateTime(local), _zone!);
                    return true;
                }

                problem = $"does not match the format {_format}; fix the value, or {_sourceKey}:TimestampFormat if the switch writes another format.";
                return false;
        }
    }

    private static DateTimeOffset ToUtc(LocalDateTime local, DateTimeZone zone) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant().ToDateTimeOffset();

    private static DateTimeZone? ParseZone(string text)
    {
        if (text.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return DateTimeZone.Utc;
        }

        if (text[0] is '+' or '-')
        {
            var offset = OffsetPattern.CreateWithInvariantCulture("+HH:mm").Parse(text);
            return offset.Success ? DateTimeZone.ForOffset(offset.Value) : null;
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(text);
    }

    private static bool HasOffsetSpecifier(string format)
    {
        if (format.Length == 1)
        {
            // Standard formats: round-trip, RFC 1123 and universal sortable carry the offset; the others do not.
            return format is "o" or "O" or "r" or "R" or "u";
        }

        char? quote = null;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c is 'z' or 'K')
            {
                return true;
            }
        }

        return false;
    }

    // Writes a sample time and reads it back: refuses formats .NET rejects and formats that lose the date or the hour
    // (e.g. hh without tt turns 13:00 into 01:00).
    private static bool ReadsBackWhatItWrites(string format, bool withOffset)
    {
        var sample = new DateTime(2026, 11, 22, 13, 14, 15, DateTimeKind.Unspecified);
        try
        {
            if (withOffset)
            {
                var written = new DateTimeOffset(sample, TimeSpan.Zero).ToString(format, CultureInfo.InvariantCulture);
                return DateTimeOffset.TryParseExact(written, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var read)
                    && read.UtcDateTime.Date == sample.Date && read.UtcDateTime.Hour == sample.Hour;
            }
            else
            {
                var written = sample.ToString(format, CultureInfo.InvariantCulture);
                return DateTime.TryParseExact(written, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var read)
                    && read.Date == sample.Date && read.Hour == sample.Hour;
            }
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
