namespace NMcs.Storage.Resources;

/// <summary>
/// The APN network identifier rules of 3GPP TS 23.003 §9.1: one or more dot-separated labels of letters, digits and
/// hyphens, each starting and ending with a letter or digit; at most 63 octets encoded (each label plus its length
/// octet); not starting with <c>rac</c>, <c>lac</c>, <c>sgsn</c> or <c>rnc</c>; not ending in <c>.gprs</c>; not
/// <c>*</c>. Case is not significant, so names are kept in lower case.
/// </summary>
public static class ApnName
{
    /// <summary>The longest encoded network identifier (TS 23.003 §9.1.1).</summary>
    public const int MaxEncodedLength = 63;

    private static readonly string[] ReservedStarts = ["rac", "lac", "sgsn", "rnc"];

    /// <summary>Returns the normalised name, or refuses naming <paramref name="field"/> and the fix.</summary>
    public static string Validate(string? name, string field = "name")
    {
        var value = (name ?? string.Empty).Trim().ToLowerInvariant();
        if (value.Length == 0 || value == "*")
        {
            throw Refuse(field, name, "must be an APN network identifier such as iot.acme.example; '*' and empty names are not APNs.");
        }

        var labels = value.Split('.');
        var encoded = 0;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63)
            {
                throw Refuse(field, name, "has an empty label or one longer than 63 characters; separate labels with single dots.");
            }

            if (!char.IsAsciiLetterOrDigit(label[0]) || !char.IsAsciiLetterOrDigit(label[^1]))
            {
                throw Refuse(field, name, $"has label '{label}' that does not start and end with a letter or digit.");
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    throw Refuse(field, name, $"contains '{c}'; only letters, digits, hyphens and dots between labels are allowed (TS 23.003 §9.1).");
                }
            }

            encoded += label.Length + 1;
        }

        if (encoded > MaxEncodedLength)
        {
            throw Refuse(field, name, $"is {encoded} octets encoded; an APN network identifier is at most {MaxEncodedLength} (TS 23.003 §9.1.1).");
        }

        foreach (var start in ReservedStarts)
        {
            if (value.StartsWith(start, StringComparison.Ordinal))
            {
                throw Refuse(field, name, $"starts with '{start}', which TS 23.003 reserves for routing-area and node names; choose another name.");
            }
        }

        if (labels[^1] == "gprs")
        {
            throw Refuse(field, name, "ends in .gprs, which belongs to the APN operator identifier; give the network identifier only.");
        }

        return value;
    }

    private static DomainException Refuse(string field, string? name, string reason) =>
        new("INVALID_APN", field, $"{field} '{name}' {reason}");
}
