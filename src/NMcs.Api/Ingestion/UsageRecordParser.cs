using System.Globalization;
using System.Text.Json;
using NMcs.Catalog;
using NMcs.Mediation;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Reads one usage record as a network element pushes it:
/// <c>{"recordId","iccid"|"imsi"|"msisdn","timestamp","serviceType","quantity","unit"}</c> (optionally
/// <c>durationSeconds</c>, <c>destination</c>, <c>visitedNetwork</c>). Checks the JSON shape only; the pipeline
/// (<see cref="UsageValidation"/>) checks the values. Each failure names the field and the fix.
/// </summary>
public static class UsageRecordParser
{
    /// <summary>Reads <paramref name="element"/>; throws <see cref="DomainException"/> naming the field.</summary>
    public static MediatedUsage Parse(JsonElement element, RecordSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DomainException("INVALID_RECORD", "record", "each usage record must be a JSON object.");
        }

        var recordId = RequiredString(element, "recordId", "a unique id from the network element, e.g. \"pgw1-000123\"");
        var (simField, simId) = SimIdentifier(element);
        var timestamp = Timestamp(RequiredString(element, "timestamp", "an ISO 8601 time with offset, e.g. 2026-03-05T10:00:00Z"), "timestamp");
        var serviceCode = RequiredString(element, "serviceType", "DATA, SMS, VOICE or a custom service of the product such as METER").ToUpperInvariant();
        if (!element.TryGetProperty("quantity", out var quantityElement) || quantityElement.ValueKind == JsonValueKind.Null)
        {
            throw new DomainException("INVALID_RECORD", "quantity", "quantity is missing; send the used amount as a JSON number.");
        }

        if (quantityElement.ValueKind != JsonValueKind.Number || !quantityElement.TryGetDecimal(out var quantity))
        {
            throw new DomainException("INVALID_RECORD", "quantity", $"quantity {quantityElement.GetRawText()} is not a number; send a JSON number such as 150 or 1.5.");
        }

        var builtIn = UsageUnits.TryParseService(serviceCode);
        var unit = RequiredString(element, "unit", builtIn is ServiceType known ? string.Join(", ", UsageUnits.Accepted(known)) : "a unit of the custom service, e.g. KWH").ToUpperInvariant();

        double? duration = null;
        if (element.TryGetProperty("durationSeconds", out var durationElement) && durationElement.ValueKind != JsonValueKind.Null)
        {
            if (durationElement.ValueKind != JsonValueKind.Number || !durationElement.TryGetDouble(out var seconds))
            {
                throw new DomainException("INVALID_RECORD", "durationSeconds", "durationSeconds must be a number of seconds between 0 and one month.");
            }

            duration = seconds;
        }

        return new MediatedUsage(
            recordId,
            simField,
            simId,
            timestamp,
            serviceCode,
            quantity,
            unit,
            duration,
            OptionalString(element, "destination"),
            OptionalString(element, "visitedNetwork"),
            source);
    }

    /// <summary>Best-effort record id of an element, for the rejection report.</summary>
    public static string? TryRecordId(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("recordId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>An ISO 8601 time that carries its UTC offset (<c>Z</c> or <c>±hh:mm</c>), as UTC.</summary>
    internal static DateTimeOffset Timestamp(string text, string field)
    {
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp)
            || !(text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-'))
        {
            throw new DomainException("INVALID_RECORD", field, $"{field} '{text}' must be ISO 8601 with a UTC offset, e.g. 2026-03-05T10:00:00Z.");
        }

        return timestamp.ToUniversalTime();
    }

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
