namespace NMcs.Catalog.Model;

/// <summary>
/// Service codes the catalog and usage records use: the built-in DATA, SMS and VOICE (units from
/// <see cref="UsageUnits"/>, binary data units) and custom services a product declares, e.g. METER.
/// </summary>
public static class ServiceCodes
{
    /// <summary>Packet data, base unit byte.</summary>
    public const string Data = "DATA";

    /// <summary>Short messages, base unit message.</summary>
    public const string Sms = "SMS";

    /// <summary>Voice calls, base unit second.</summary>
    public const string Voice = "VOICE";

    /// <summary>The built-in service codes.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [Data, Sms, Voice];

    /// <summary>The code of a built-in service type, e.g. DATA.</summary>
    public static string Of(ServiceType service) => service switch
    {
        ServiceType.Data => Data,
        ServiceType.Sms => Sms,
        ServiceType.Voice => Voice,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a built-in service"),
    };

    /// <summary>The built-in service type of <paramref name="code"/>, or null for a custom or unknown code.</summary>
    public static ServiceType? BuiltInType(string code) => code switch
    {
        Data => ServiceType.Data,
        Sms => ServiceType.Sms,
        Voice => ServiceType.Voice,
        _ => null,
    };

    /// <summary>Base unit of a built-in service (B, MSG, S), or null for a custom or unknown code.</summary>
    public static string? BuiltInBaseUnit(string code) => code switch
    {
        Data => "B",
        Sms => "MSG",
        Voice => "S",
        _ => null,
    };
}
