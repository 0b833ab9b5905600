using NMcs.Catalog;

namespace NMcs.Api.Ingestion;

/// <summary>
/// Unit spellings of network elements and CDR formats mapped to the platform's units of the built-in services
/// (<see cref="UsageUnits.Accepted"/>): BYTES/OCTETS → B, KIB/KILOBYTES → KB (binary, like every platform data unit),
/// MIB → MB, GIB → GB, EVENTS/MESSAGES → MSG, SECONDS → S, MINUTES → MIN. Custom services keep their unit; the
/// product's unit table converts it at rating.
/// </summary>
public static class UsageUnitAliases
{
    private static readonly Dictionary<(ServiceType, string), string> Aliases = new()
    {
        [(ServiceType.Data, "BYTE")] = "B",
        [(ServiceType.Data, "BYTES")] = "B",
        [(ServiceType.Data, "OCTET")] = "B",
        [(ServiceType.Data, "OCTETS")] = "B",
        [(ServiceType.Data, "KIB")] = "KB",
        [(ServiceType.Data, "KILOBYTES")] = "KB",
        [(ServiceType.Data, "MIB")] = "MB",
        [(ServiceType.Data, "MEGABYTES")] = "MB",
        [(ServiceType.Data, "GIB")] = "GB",
        [(ServiceType.Data, "GIGABYTES")] = "GB",
        [(ServiceType.Sms, "EVENT")] = "MSG",
        [(ServiceType.Sms, "EVENTS")] = "MSG",
        [(ServiceType.Sms, "MESSAGE")] = "MSG",
        [(ServiceType.Sms, "MESSAGES")] = "MSG",
        [(ServiceType.Sms, "SMS")] = "MSG",
        [(ServiceType.Voice, "SEC")] = "S",
        [(ServiceType.Voice, "SECOND")] = "S",
        [(ServiceType.Voice, "SECONDS")] = "S",
        [(ServiceType.Voice, "MINUTE")] = "MIN",
        [(ServiceType.Voice, "MINUTES")] = "MIN",
    };

    /// <summary>The platform's spelling of <paramref name="unit"/> (upper case) for <paramref name="service"/>.</summary>
    public static string Canonical(ServiceType service, string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var upper = unit.ToUpperInvariant();
        return Aliases.TryGetValue((service, upper), out var canonical) ? canonical : upper;
    }
}
