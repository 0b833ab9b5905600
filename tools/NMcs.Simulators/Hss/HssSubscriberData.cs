using System.Globalization;
using System.Xml.Linq;

namespace NMcs.Simulators.Hss;

/// <summary>
/// Reads and writes the simulator's <c>subscriber</c> element (namespace <c>urn:nmcs:hss:subscriber:1</c>) that
/// SPML carries inside <c>spml:data</c>: children <c>msisdn</c>, <c>imsi</c>, <c>profile</c>, <c>barred</c>, <c>apn</c>.
/// </summary>
internal static class HssSubscriberData
{
    private static readonly XName Element = SpmlNamespaces.Subscriber + "subscriber";

    /// <summary>MSISDN: 5 to 15 digits.</summary>
    /// <param name="value">Candidate.</param>
    /// <returns>True when valid.</returns>
    public static bool IsMsisdn(string value) => IsDigits(value, 5, 15);

    /// <summary>Formats a row as a <c>subscriber</c> element.</summary>
    /// <param name="subscriber">The row.</param>
    /// <returns>The element.</returns>
    public static XElement Format(HssSubscriber subscriber) => new(
        Element,
        new XElement(SpmlNamespaces.Subscriber + "msisdn", subscriber.Msisdn),
        new XElement(SpmlNamespaces.Subscriber + "imsi", subscriber.Imsi),
        new XElement(SpmlNamespaces.Subscriber + "profile", subscriber.Profile.ToString(CultureInfo.InvariantCulture)),
        new XElement(SpmlNamespaces.Subscriber + "barred", subscriber.Barred ? "true" : "false"),
        subscriber.Apn is null ? null : new XElement(SpmlNamespaces.Subscriber + "apn", subscriber.Apn));

    /// <summary>
    /// Reads the fields of every <c>subscriber</c> element under <paramref name="data"/> (an <c>spml:data</c>
    /// element); a field given twice, an unknown child or a bad value is an error.
    /// </summary>
    /// <param name="data">The <c>spml:data</c> elements to read.</param>
    /// <param name="changes">The fields read.</param>
    /// <param name="error">What is wrong, naming the field.</param>
    /// <returns>True when every field is well formed.</returns>
    public static bool TryRead(IEnumerable<XElement> data, out HssChanges changes, out string error)
    {
        changes = new HssChanges(null, null, null, null, null);
        error = string.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subscriber in data.SelectMany(d => d.Elements()))
        {
            if (subscriber.Name != Element)
            {
                error = $"data holds <{subscriber.Name.LocalName}>; expected <subscriber xmlns=\"{SpmlNamespaces.Subscriber}\">";
                return false;
            }

            foreach (var field in subscriber.Elements())
            {
                var name = field.Name.LocalName;
                if (field.Name.Namespace != SpmlNamespaces.Subscriber || !seen.Add(name))
                {
                    error = $"field <{name}> is unknown or repeated";
                    return false;
                }

                var value = field.Value.Trim();
                switch (name)
                {
                    case "msisdn" when IsMsisdn(value):
                        changes = changes with { Msisdn = value };
                        break;
                    case "imsi" when IsDigits(value, 6, 15):
                        changes = changes with { Imsi = value };
                        break;
                    case "profile" when IsDigits(value, 1, 4):
                        changes = changes with { Profile = int.Parse(value, CultureInfo.InvariantCulture) };
                        break;
                    case "barred" when value is "true" or "false" or "1" or "0":
                        changes = changes with { Barred = value is "true" or "1" };
                        break;
                    case "apn" when IsApn(value):
                        changes = changes with { Apn = value };
                        break;
                    case "msisdn" or "imsi" or "profile" or "barred" or "apn":
                        error = $"{name} '{value}' is malformed: msisdn 5-15 digits, imsi 6-15 digits, profile 0-9999, barred true/false, apn up to 100 letters, digits, '.' and '-'";
                        return false;
                    default:
                        error = $"field <{name}> is unknown; use msisdn, imsi, profile, barred, apn";
                        return false;
                }
            }
        }

        return true;
    }

    private static bool IsApn(string value) =>
        value.Length <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    private static bool IsDigits(string value, int min, int max) =>
        value.Length >= min && value.Length <= max && value.All(char.IsAsciiDigit);
}
