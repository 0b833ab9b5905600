using System.Globalization;
using System.Text.Json;
using NMcs.Catalog;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Validates one usage record as a network element sends it:
/// <c>{"recordId","iccid"|"imsi"|"msisdn","timestamp","serviceType","quantity","unit"}</c>.
/// Each failure names the field and the fix.
/// </summary>
public static class UsageRecordParser
{
    /// <summary>Longest record id accepted.</summary>
    public const int MaxRecordIdLength = 128;

    /// <summary>Parses and validates; throws <see cref="DomainException"/> naming the field.</summary>
    public static ParsedUsageRecord Parse(JsonElement element, DateTimeOffset now)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DomainException("INVALID_RECORD", "record", "each usage record must be a JSON object.");
        }

        var recordId = RequiredString(element, "recordId", "a unique id from the network element, e.g. \"pgw1-000123\"");
        if (recordId.Length > MaxRecordIdLength)
        {
            throw new DomainException("INVALID_RECORD", "recordId", $"recordId is longer than {MaxRecordIdLength} characters.");
        }

        var (simField, simId) = SimIdentifier(element);
        var timestampText = RequiredString(element, "timestamp", "an ISO 8601 time with offset, e.g. 2026-03-05T10:00:00Z");
        if (!DateTimeOffset.TryParseExact(timestampText, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp)
            || !(timestampText.EndsWith('Z') || timestampText.Length > 6 && timestampText[^6] is '+' or '-'))
        {
            throw new DomainException("INVALID_RECORD", "timestamp", $"timestamp '{timestampText}' must be ISO 8601 with a UTC offset, e.g. 2026-03-05T10:00:00Z.");
        }

        if (timestamp > now.AddMinutes(5))
        {
            throw new DomainException("INVALID_RECORD", "timestamp", $"timestamp {timestampText} is in the future (platform time {now:O}); check the network element's clock.");
        }

        var serviceCode = RequiredString(element, "serviceType", "DATA, SMS, VOICE or a custom service of the product such as METER").ToUpperInvariant();
        if (serviceCode.Length > 32 || !serviceCode.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') || !char.IsAsciiLetterUpper(serviceCode[0]))
        {
            throw new DomainException("INVALID_RECORD", "serviceType", $"serviceType '{serviceCode}' is not a service code; use DATA, SMS, VOICE or a custom service of the product (letters, digits, '_').");
        }

        if (!element.TryGetProperty("quantity", out var quantityElement) || quantityElement.ValueKind == JsonValueKind.Null)
        {
            throw new DomainException("INVALID_RECORD", "quantity", "quantity is missing; send the used amount as a JSON number.");
        }

        if (quantityElement.ValueKind != JsonValueKind.Number || !quantityElement.TryGetDecimal(out var quantity))
        {
            throw new DomainException("INVALID_RECORD", "quantity", $"quantity {quantityElement.GetRawText()} is not a number; send a JSON number such as 150 or 1.5.");
        }

        if (quantity < 0)
        {
            throw new DomainException("INVALID_RECORD", "quantity", $"quantity {quantity.ToString(CultureInfo.InvariantCulture)} is negative; usage quantities are zero or more (corrections go through adjustments).");
        }

        var builtIn = UsageUnits.TryParseService(serviceCode);
        var unit = RequiredString(element, "unit", builtIn is ServiceType known ? string.Join(", ", UsageUnits.Accepted(known)) : "a unit of the custom service, e.g. KWH").ToUpperInvariant();
        var baseQuantity = builtIn is ServiceType service ? UsageUnits.ToBaseUnits(service, quantity, unit) : quantity;

        double? duration = null;
        if (element.TryGetProperty("durationSeconds", out var durationElement) && durationElement.ValueKind != JsonValueKind.Null)
        {
            if (durationElement.ValueKind != JsonValueKind.Number || !durationElement.TryGetDouble(out var seconds) || seconds < 0 || seconds > 31 * 86_400)
            {
                throw new DomainException("INVALID_RECORD", "durationSeconds", "durationSeconds must be a number of seconds between 0 and one month.");
            }

            duration = seconds;
        }

        var destination = OptionalString(element, "destination");
        var visited = OptionalString(element, "visitedNetwork");
        if (visited is not null && !IsMccMnc(visited))
        {
            throw new DomainException("INVALID_RECORD", "visitedNetwork", $"visitedNetwork '{visited}' must be MCC-MNC such as 234-15 (3 digits, '-', 2 or 3 digits).");
        }

        return new ParsedUsageRecord(recordId, simField, simId, timestamp.ToUniversalTime(), serviceCode, quantity, unit, baseQuantity, builtIn is not null, duration, destination, visited);
    }

    private static bool IsMccMnc(string value) =>
        value.Length is 6 or 7 && value[3] == '-' && value.Remove(3, 1).All(char.IsAsciiDigit);

    private static string? OptionalString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new DomainException("INVALID_RECORD", name, $"{name} must be a string.");
        }

        return value.GetString()!.Trim();
    }

    /// <summary>Best-effort record id of an element, for the rejection report.</summary>
    public static string? TryRecordId(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("recordId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    private static (string Field, string Value) SimIdentifier(JsonElement element)
    {
        foreach (var field in new[] { "iccid", "imsi", "msisdn" })
        {
            if (element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                return (field, value.GetString()!.Trim());
            }
        }

        throw new DomainException("INVALID_RECORD", "iccid", "the record names no SIM; send one of iccid, imsi or msisdn as a string.");
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
