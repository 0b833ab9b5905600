using System.Globalization;
using System.Text.Json;
using NMcs.Mediation;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Maps a TM Forum TMF635 <c>Usage</c> resource to the pipeline's usage record:
/// <c>id</c> → recordId, <c>usageDate</c> → timestamp, <c>usageType</c> → serviceType (upper case), and the
/// <c>usageCharacteristic</c> entries (by name, case-insensitive) <c>quantity</c>, <c>unit</c>, one of <c>iccid</c> /
/// <c>imsi</c> / <c>msisdn</c>, optionally <c>durationSeconds</c>, <c>destination</c>, <c>visitedNetwork</c>.
/// <c>status</c>, when sent, must be <c>received</c> (usage another system already rated or rejected is not rated
/// again). <c>relatedParty</c>, <c>ratedProductUsage</c>, <c>usageSpecification</c> and other characteristics are
/// ignored: the SIM decides who pays and the platform rates.
/// </summary>
public static class Tmf635UsageMapper
{
    private const string Characteristic = "usageCharacteristic";
    private static readonly string[] SimFields = ["iccid", "imsi", "msisdn"];

    /// <summary>How TMF635 names the pipeline's fields, for rejections.</summary>
    public static IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["recordId"] = "id",
        ["timestamp"] = "usageDate",
        ["serviceType"] = "usageType",
        ["quantity"] = Characteristic + ".quantity",
        ["unit"] = Characteristic + ".unit",
        ["iccid"] = Characteristic + ".iccid",
        ["imsi"] = Characteristic + ".imsi",
        ["msisdn"] = Characteristic + ".msisdn",
        ["durationSeconds"] = Characteristic + ".durationSeconds",
        ["destination"] = Characteristic + ".destination",
        ["visitedNetwork"] = Characteristic + ".visitedNetwork",
    };

    /// <summary>True when <paramref name="element"/> is shaped as a TMF635 Usage rather than a plain usage record.</summary>
    public static bool IsUsageResource(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && (element.TryGetProperty(Characteristic, out _)
            || element.TryGetProperty("usageDate", out _)
            || (element.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "Usage"));

    /// <summary>Best-effort id of a Usage, for the rejection report.</summary>
    public static string? TryRecordId(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>Maps <paramref name="usage"/>; throws <see cref="DomainException"/> naming the TMF635 field.</summary>
    public static MediatedUsage Map(JsonElement usage, RecordSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (usage.ValueKind != JsonValueKind.Object)
        {
            throw new DomainException("INVALID_RECORD", "record", "each TMF635 Usage must be a JSON object.");
        }

        var id = RequiredString(usage, "id", "the usage's unique id, e.g. \"pgw1-000123\"");
        var usageDate = UsageRecordParser.Timestamp(RequiredString(usage, "usageDate", "an ISO 8601 time with offset, e.g. 2026-03-05T10:00:00Z"), "usageDate");
        var usageType = RequiredString(usage, "usageType", "DATA, SMS, VOICE or a custom service of the product such as METER").ToUpperInvariant();
        if (usage.TryGetProperty("status", out var status) && status.ValueKind != JsonValueKind.Null)
        {
            var text = status.ValueKind == JsonValueKind.String ? status.GetString() : status.GetRawText();
            if (!string.Equals(text, "received", StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainException("INVALID_RECORD", "status", $"status '{text}' cannot be rated here: send usage with status received (or no status); usage already rated, billed or rejected elsewhere is not rated again.");
            }
        }

        var characteristics = Characteristics(usage);
        var quantityText = characteristics.GetValueOrDefault("quantity")
            ?? throw new DomainException("INVALID_RECORD", Characteristic + ".quantity", "usageCharacteristic 'quantity' is missing; send {\"name\": \"quantity\", \"value\": 150}.");
        if (!decimal.TryParse(quantityText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var quantity))
        {
            throw new DomainException("INVALID_RECORD", Characteristic + ".quantity", $"usageCharacteristic 'quantity' value '{quantityText}' is not a number; send a number such as 150 or 1.5.");
        }

        var unit = characteristics.GetValueOrDefault("unit")
            ?? throw new DomainException("INVALID_RECORD", Characteristic + ".unit", "usageCharacteristic 'unit' is missing; send the quantity's unit, e.g. {\"name\": \"unit\", \"value\": \"MB\"}.");
        var (simField, simId) = SimFields
            .Select(name => (name, value: characteristics.GetValueOrDefault(name)))
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.value));
        if (simId is null)
        {
            throw new DomainException("INVALID_RECORD", Characteristic + ".iccid", "the usage names no SIM; send a usageCharacteristic named iccid, imsi or msisdn.");
        }

        double? duration = null;
        if (characteristics.GetValueOrDefault("durationseconds") is { } durationText)
        {
            if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                throw new DomainException("INVALID_RECORD", Characteristic + ".durationSeconds", $"usageCharacteristic 'durationSeconds' value '{durationText}' is not a number of seconds.");
            }

            duration = seconds;
        }

        return new MediatedUsage(
            id,
            simField,
            simId.Trim(),
            usageDate,
            usageType,
            quantity,
            unit.Trim().ToUpperInvariant(),
            duration,
            characteristics.GetValueOrDefault("destination")?.Trim(),
            characteristics.GetValueOrDefault("visitednetwork")?.Trim(),
            source);
    }

    /// <summary>Characteristic values by lower-case name, as text (numbers in their JSON spelling).</summary>
    private static Dictionary<string, string> Characteristics(JsonElement usage)
    {
        if (!usage.TryGetProperty(Characteristic, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new DomainException("INVALID_RECORD", Characteristic, "usageCharacteristic is missing; send an array of {\"name\", \"value\"} with at least quantity, unit and one of iccid, imsi or msisdn.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                throw new DomainException("INVALID_RECORD", string.Create(CultureInfo.InvariantCulture, $"{Characteristic}[{index}]"), $"usageCharacteristic entry {index} must be an object with a string name and a value.");
            }

            var key = name.GetString()!.Trim();
            var value = entry.TryGetProperty("value", out var v) ? v : default;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => throw new DomainException("INVALID_RECORD", Characteristic + "." + key, $"usageCharacteristic '{key}' value must be a string or a number."),
            };
            if (text is not null && !values.TryAdd(key.ToLowerInvariant(), text))
            {
                throw new DomainException("INVALID_RECORD", Characteristic + "." + key, $"usageCharacteristic '{key}' appears more than once; send each characteristic once.");
            }

            index++;
        }

        return values;
    }

    private static string RequiredString(JsonElement element, string name, string hint)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new DomainException("INVALID_RECORD", name, $"{name} is missing; send {hint}.");
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new DomainException("INVALID_RECORD", name, $"{name} must be a non-empty string: {hint}.");
        }

        return value.GetString()!.Trim();
    }
}
