using System.Text.Json;
using NMcs.Mediation;

namespace NMcs.Api.Ingestion;

/// <summary>
/// The push collector's fast path for the common record: a plain usage record (<see cref="UsageRecordParser"/>'s
/// shape) read in one pass over its bytes with a <see cref="Utf8JsonReader"/>, without building a
/// <see cref="JsonDocument"/> for it and looking each field up by name. It only ever accepts what
/// <see cref="UsageRecordParser.Parse"/> accepts, with the same result: anything else (a value of the wrong type, a
/// missing or blank field, a duplicate property, a TMF635 Usage, text that is not one JSON object) returns false, and
/// the caller reads the record the general way, which names the field and the fix.
/// </summary>
public static class PlainUsageJson
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = PushRecordReader.RecordJson.MaxDepth };

    /// <summary>Reads <paramref name="json"/> (one JSON value) as a plain usage record; false when the general reader must decide.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, RecordSource source, out MediatedUsage? usage)
    {
        ArgumentNullException.ThrowIfNull(source);
        usage = null;
        try
        {
            return TryRead(json, source, out usage);
        }
        catch (JsonException)
        {
            // Not JSON at all: the general reader says so in its own words.
            return false;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> json, RecordSource source, out MediatedUsage? usage)
    {
        usage = null;
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Options));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? recordId = null, iccid = null, imsi = null, msisdn = null, timestamp = null, service = null, unit = null;
        string? destination = null, visitedNetwork = null;
        decimal? quantity = null;
        double? duration = null;
        var seen = Field.None;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var field = Name(ref reader);
            if (field == Field.Marker || (field != Field.None && (seen & field) != 0))
            {
                // A TMF635 Usage, or a property sent twice: the general reader decides which value counts.
                return false;
            }

            seen |= field;
            reader.Read();
            var token = reader.TokenType;
            switch (field)
            {
                case Field.None:
                    // A property this shape does not read: ignored, as the general reader ignores it.
                    reader.Skip();
                    continue;
                case Field.Quantity:
                    if (token != JsonTokenType.Number || !reader.TryGetDecimal(out var number))
                    {
                        return false;
                    }

                    quantity = number;
                    continue;
                case Field.DurationSeconds:
                    if (token == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (token != JsonTokenType.Number || !reader.TryGetDouble(out var seconds))
                    {
                        return false;
                    }

                    duration = seconds;
                    continue;
                case Field.Iccid or Field.Imsi or Field.Msisdn:
                    // The general reader passes over a SIM identifier that is not a non-blank string and takes the next.
                    if (token != JsonTokenType.String || NonBlank(reader.GetString()!) is not { } id)
                    {
                        reader.Skip();
                    }
                    else if (field == Field.Iccid)
                    {
                        iccid = id;
                    }
                    else if (field == Field.Imsi)
                    {
                        imsi = id;
                    }
                    else
                    {
                        msisdn = id;
                    }

                    continue;
                case Field.Destination or Field.VisitedNetwork:
                    if (token == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (token != JsonTokenType.String)
                    {
                        return false;
                    }

                    if (field == Field.Destination)
                    {
                        destination = reader.GetString()!.Trim();
                    }
                    else
                    {
                        visitedNetwork = reader.GetString()!.Trim();
                    }

                    continue;
            }

            // recordId, timestamp, serviceType, unit: required non-blank strings.
            if (token != JsonTokenType.String || NonBlank(reader.GetString()!) is not { } text)
            {
                return false;
            }

            switch (field)
            {
                case Field.RecordId:
                    recordId = text;
                    break;
                case Field.Timestamp:
                    timestamp = text;
                    break;
                case Field.ServiceType:
                    service = text;
                    break;
                default:
                    unit = text;
                    break;
            }
        }

        // Exactly one object and nothing after it.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return false;
        }

        var sim = iccid is not null ? ("iccid", iccid) : imsi is not null ? ("imsi", imsi) : msisdn is not null ? ("msisdn", msisdn) : default;
        if (recordId is null || sim.Item2 is null || timestamp is null || service is null || quantity is not { } amount || unit is null)
        {
            return false;
        }

        DateTimeOffset at;
        try
        {
            at = UsageRecordParser.Timestamp(timestamp, "timestamp");
        }
        catch (DomainException)
        {
            return false;
        }

        usage = new MediatedUsage(
            recordId,
            sim.Item1,
            sim.Item2,
            at,
            service.ToUpperInvariant(),
            amount,
            unit.ToUpperInvariant(),
            duration,
            destination,
            visitedNetwork,
            source);
        return true;
    }

    private static string? NonBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Field Name(ref Utf8JsonReader reader)
    {
        // Escaped names are compared unescaped by ValueTextEquals; the plain spelling is the common one.
        foreach (var (name, field) in Names)
        {
            if (reader.ValueTextEquals(name))
            {
                return field;
            }
        }

        return Field.None;
    }

    // The properties the plain shape reads, and the ones that make a record a TMF635 Usage (Tmf635UsageMapper.IsUsageResource).
    private static readonly (byte[] Name, Field Field)[] Names =
    [
        ("recordId"u8.ToArray(), Field.RecordId),
        ("iccid"u8.ToArray(), Field.Iccid),
        ("timestamp"u8.ToArray(), Field.Timestamp),
        ("serviceType"u8.ToArray(), Field.ServiceType),
        ("quantity"u8.ToArray(), Field.Quantity),
        ("unit"u8.ToArray(), Field.Unit),
        ("imsi"u8.ToArray(), Field.Imsi),
        ("msisdn"u8.ToArray(), Field.Msisdn),
        ("durationSeconds"u8.ToArray(), Field.DurationSeconds),
        ("destination"u8.ToArray(), Field.Destination),
        ("visitedNetwork"u8.ToArray(), Field.VisitedNetwork),
        ("usageCharacteristic"u8.ToArray(), Field.Marker),
        ("usageDate"u8.ToArray(), Field.Marker),
        ("@type"u8.ToArray(), Field.Marker),
    ];

    [Flags]
    private enum Field
    {
        None = 0,
        RecordId = 1 << 0,
        Iccid = 1 << 1,
        Imsi = 1 << 2,
        Msisdn = 1 << 3,
        Timestamp = 1 << 4,
        ServiceType = 1 << 5,
        Quantity = 1 << 6,
        Unit = 1 << 7,
        DurationSeconds = 1 << 8,
        Destination = 1 << 9,
        VisitedNetwork = 1 << 10,
        Marker = 1 << 11,
    }
}
