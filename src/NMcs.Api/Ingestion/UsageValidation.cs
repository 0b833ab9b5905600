using System.Globalization;
using NMcs.Catalog;
using NMcs.Mediation;

namespace NMcs.Api.Ingestion;

/// <summary>
/// The validate and normalise steps of the pipeline, the same for every collector: each failure is a
/// <see cref="DomainException"/> naming the field and the fix.
/// </summary>
public static class UsageValidation
{
    /// <summary>Longest record id accepted.</summary>
    public const int MaxRecordIdLength = 128;

    /// <summary>Clock skew of network elements tolerated before a record counts as from the future.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Checks <paramref name="usage"/> and converts its quantity to the service's base unit.</summary>
    public static NormalisedUsage Normalise(MediatedUsage usage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (string.IsNullOrWhiteSpace(usage.RecordId))
        {
            throw new DomainException("INVALID_RECORD", "recordId", "recordId is missing; send a unique id from the network element, e.g. \"pgw1-000123\".");
        }

        if (usage.RecordId.Length > MaxRecordIdLength)
        {
            throw new DomainException("INVALID_RECORD", "recordId", $"recordId is longer than {MaxRecordIdLength} characters.");
        }

        if (usage.SimField is not ("iccid" or "imsi" or "msisdn") || string.IsNullOrWhiteSpace(usage.SimId))
        {
            throw new DomainException("INVALID_RECORD", "iccid", "the record names no SIM; send one of iccid, imsi or msisdn.");
        }

        if (usage.Timestamp > now + FutureTolerance)
        {
            throw new DomainException("INVALID_RECORD", "timestamp", $"timestamp {usage.Timestamp.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} is in the future (platform time {now:O}); check the network element's clock.");
        }

        var serviceCode = (usage.Service ?? string.Empty).Trim().ToUpperInvariant();
        if (serviceCode.Length is 0 or > 32 || !IsServiceCode(serviceCode))
        {
            throw new DomainException("INVALID_RECORD", "serviceType", $"serviceType '{serviceCode}' is not a service code; use DATA, SMS, VOICE or a custom service of the product (letters, digits, '_').");
        }

        if (usage.Quantity < 0)
        {
            throw new DomainException("INVALID_RECORD", "quantity", $"quantity {usage.Quantity.ToString(CultureInfo.InvariantCulture)} is negative; usage quantities are zero or more (corrections go through adjustments).");
        }

        if (string.IsNullOrWhiteSpace(usage.Unit))
        {
            throw new DomainException("INVALID_RECORD", "unit", "unit is missing; send the quantity's unit, e.g. MB, MSG, S or a unit of the custom service such as KWH.");
        }

        if (usage.DurationSeconds is double seconds && (double.IsNaN(seconds) || seconds < 0 || seconds > 31 * 86_400))
        {
            throw new DomainException("INVALID_RECORD", "durationSeconds", "durationSeconds must be a number of seconds between 0 and one month.");
        }

        if (usage.VisitedNetwork is { } visited && !IsMccMnc(visited))
        {
            throw new DomainException("INVALID_RECORD", "visitedNetwork", $"visitedNetwork '{visited}' must be MCC-MNC such as 234-15 (3 digits, '-', 2 or 3 digits).");
        }

        var builtIn = UsageUnits.TryParseService(serviceCode);
        if (builtIn is ServiceType service)
        {
            var unit = UsageUnitAliases.Canonical(service, usage.Unit.Trim());
            return new NormalisedUsage(serviceCode, unit, UsageUnits.ToBaseUnits(service, usage.Quantity, unit), true);
        }

        return new NormalisedUsage(serviceCode, usage.Unit.Trim().ToUpperInvariant(), usage.Quantity, false);
    }

    // An upper-case ASCII letter, then upper-case letters, digits and '_' (a loop, not LINQ: this runs for every record).
    private static bool IsServiceCode(string code)
    {
        if (!char.IsAsciiLetterUpper(code[0]))
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMccMnc(string value) =>
        value.Length is 6 or 7 && value[3] == '-' && value.Remove(3, 1).All(char.IsAsciiDigit);
}
