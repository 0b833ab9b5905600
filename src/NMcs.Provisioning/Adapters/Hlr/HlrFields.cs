using System.Globalization;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>Values as both HLR dialects write them.</summary>
internal static class HlrFields
{
    /// <summary>The STATUS value for a barring flag.</summary>
    public static string Status(bool barred) => barred ? "BARRED" : "ACTIVE";

    /// <summary>A number in the invariant culture.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>True for a non-empty string of ASCII digits (nothing that could end or split a command).</summary>
    public static bool IsDigits(string? value) => !string.IsNullOrEmpty(value) && value.All(char.IsAsciiDigit);

    /// <summary>Builds the record from the MSISDN, IMSI, PROFILE and STATUS fields of a read.</summary>
    /// <exception cref="NeTransportException">A field is missing or malformed.</exception>
    public static NeSubscriber ToSubscriber(IReadOnlyDictionary<string, string> fields, string dialect)
    {
        string Field(string name) => fields.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new NeTransportException($"{dialect} read reply has no {name}");

        var profileText = Field("PROFILE");
        if (!int.TryParse(profileText, NumberStyles.None, CultureInfo.InvariantCulture, out var profile))
        {
            throw new NeTransportException($"{dialect} read reply has PROFILE '{profileText}', not a number");
        }

        var status = Field("STATUS");
        bool barred = status.ToUpperInvariant() switch
        {
            "BARRED" => true,
            "ACTIVE" => false,
            _ => throw new NeTransportException($"{dialect} read reply has STATUS '{status}', neither ACTIVE nor BARRED"),
        };
        return new NeSubscriber(Field("MSISDN"), Field("IMSI"), profile, barred);
    }
}
