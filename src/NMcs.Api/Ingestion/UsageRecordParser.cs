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

        var service = UsageUnits.ParseService(RequiredString(element, "serviceType", "DATA, SMS or VOICE"));
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

        var unit = RequiredString(element, "unit", string.Join(", ", UsageUnits.Accepted(service)));
        var baseQuantity = UsageUnits.ToBaseUnits(service, quantity, unit);
        return new ParsedUsageRecord(recordId, simField, simId, timestamp.ToUniversalTime(), service, quantity, unit.ToUpperInvariant(), baseQuantity);
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
