namespace NMcs.Catalog;

/// <summary>
/// Converts reported quantities to each service's base unit. Data units are binary (1 KB = 1,024 bytes,
/// 1 MB = 1,048,576 bytes), the convention of M2M data tariffs.
/// </summary>
public static class UsageUnits
{
    /// <summary>Units accepted per service, in the spelling clients send.</summary>
    public static IReadOnlyList<string> Accepted(ServiceType service) => service switch
    {
        ServiceType.Data => ["B", "KB", "MB", "GB"],
        ServiceType.Sms => ["MSG"],
        ServiceType.Voice => ["S", "MIN"],
        _ => [],
    };

    /// <summary>How many base units one <paramref name="unit"/> is, or null when the service does not use that unit.</summary>
    public static decimal? BaseUnitsPer(ServiceType service, string unit) => (service, unit.ToUpperInvariant()) switch
    {
        (ServiceType.Data, "B") => 1m,
        (ServiceType.Data, "KB") => 1_024m,
        (ServiceType.Data, "MB") => 1_048_576m,
        (ServiceType.Data, "GB") => 1_073_741_824m,
        (ServiceType.Sms, "MSG") => 1m,
        (ServiceType.Voice, "S") => 1m,
        (ServiceType.Voice, "MIN") => 60m,
        _ => null,
    };

    /// <summary>Converts a quantity to base units; refuses a unit the service does not measure in.</summary>
    public static decimal ToBaseUnits(ServiceType service, decimal quantity, string unit, string field = "unit")
    {
        var factor = BaseUnitsPer(service, unit)
            ?? throw new DomainException(
                "INVALID_UNIT",
                field,
                $"{field} '{unit}' is not a unit of {service.ToString().ToUpperInvariant()} usage; use one of {string.Join(", ", Accepted(service))}.");
        return quantity * factor;
    }

    // What a service name may hold: checked on a span, as every ingested record names its service.
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The built-in service named by <paramref name="value"/> (DATA, SMS, VOICE, any case), or null.</summary>
    public static ServiceType? TryParseService(string? value) =>
        value is { Length: > 0 } && !value.AsSpan().ContainsAnyExcept(AsciiLetters) && Enum.TryParse<ServiceType>(value, ignoreCase: true, out var service) && Enum.IsDefined(service)
            ? service
            : null;

    /// <summary>Parses a service type name (DATA, SMS, VOICE), case-insensitive.</summary>
    public static ServiceType ParseService(string? value, string field = "serviceType")
    {
        // Letters only: Enum.TryParse would also take numbers and comma-separated lists ("DATA,SMS").
        if (value is { Length: > 0 } && !value.AsSpan().ContainsAnyExcept(AsciiLetters)
            && Enum.TryParse<ServiceType>(value, ignoreCase: true, out var service) && Enum.IsDefined(service))
        {
            return service;
        }

        throw new DomainException(
            "INVALID_SERVICE_TYPE", field, $"{field} '{value}' is not a service type; use DATA, SMS or VOICE.");
    }
}
