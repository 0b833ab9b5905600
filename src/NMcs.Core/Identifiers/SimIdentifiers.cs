namespace NMcs.Identifiers;

/// <summary>Validation of the identifiers printed on and provisioned with a SIM.</summary>
public static class SimIdentifiers
{
    /// <summary>
    /// Checks an ICCID: 19 or 20 digits, starting with the telecom industry prefix 89, last digit a Luhn check digit.
    /// Returns the normalised value (spaces removed).
    /// </summary>
    public static string ValidateIccid(string? iccid, string field = "iccid")
    {
        var value = (iccid ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (value.Length is < 19 or > 20 || !AllDigits(value))
        {
            throw new DomainException(
                "INVALID_ICCID", field, $"{field} '{iccid}' must be 19 or 20 digits (ITU-T E.118), e.g. 8944500102198304826.");
        }

        if (!value.StartsWith("89", StringComparison.Ordinal))
        {
            throw new DomainException(
                "INVALID_ICCID", field, $"{field} '{iccid}' must start with 89, the telecommunications industry identifier.");
        }

        if (!Luhn.IsValid(value))
        {
            throw new DomainException(
                "INVALID_ICCID",
                field,
                $"{field} '{iccid}' fails its Luhn check; re-read the last digit from the SIM card or its delivery file (expected {Luhn.CheckDigit(value.AsSpan(0, value.Length - 1))}).");
        }

        return value;
    }

    /// <summary>Checks an IMSI: 14 or 15 digits (MCC 3 + MNC 2–3 + MSIN).</summary>
    public static string ValidateImsi(string? imsi, string field = "imsi")
    {
        var value = imsi ?? string.Empty;
        if (value.Length is < 14 or > 15 || !AllDigits(value))
        {
            throw new DomainException(
                "INVALID_IMSI", field, $"{field} '{imsi}' must be 14 or 15 digits (MCC + MNC + MSIN), e.g. 262011234567890.");
        }

        return value;
    }

    /// <summary>Checks an MSISDN in international format without '+': 7 to 15 digits (E.164).</summary>
    public static string ValidateMsisdn(string? msisdn, string field = "msisdn")
    {
        var value = (msisdn ?? string.Empty).TrimStart('+');
        if (value.Length is < 7 or > 15 || !AllDigits(value) || value[0] == '0')
        {
            throw new DomainException(
                "INVALID_MSISDN",
                field,
                $"{field} '{msisdn}' must be an E.164 number of 7 to 15 digits with country code and no leading 0, e.g. 4915112345678.");
        }

        return value;
    }

    private static bool AllDigits(string value)
    {
        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
