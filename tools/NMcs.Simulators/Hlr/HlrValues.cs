using System.Globalization;

namespace NMcs.Simulators.Hlr;

/// <summary>Parameter value rules shared by both dialects.</summary>
internal static class HlrValues
{
    /// <summary>MSISDN: 5 to 15 digits.</summary>
    /// <param name="value">Candidate.</param>
    /// <returns>True when valid.</returns>
    public static bool IsMsisdn(string value) => IsDigits(value, 5, 15);

    /// <summary>IMSI: 6 to 15 digits.</summary>
    /// <param name="value">Candidate.</param>
    /// <returns>True when valid.</returns>
    public static bool IsImsi(string value) => IsDigits(value, 6, 15);

    /// <summary>Profile: an integer 0..9999.</summary>
    /// <param name="value">Candidate.</param>
    /// <param name="profile">Parsed profile.</param>
    /// <returns>True when valid.</returns>
    public static bool TryProfile(string value, out int profile)
    {
        profile = 0;
        return IsDigits(value, 1, 4) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out profile);
    }

    /// <summary>Status: ACTIVE or BARRED, any case.</summary>
    /// <param name="value">Candidate.</param>
    /// <param name="status">Parsed status.</param>
    /// <returns>True when valid.</returns>
    public static bool TryStatus(string value, out HlrSubscriberStatus status)
    {
        switch (value.ToUpperInvariant())
        {
            case "ACTIVE":
                status = HlrSubscriberStatus.Active;
                return true;
            case "BARRED":
                status = HlrSubscriberStatus.Barred;
                return true;
            default:
                status = default;
                return false;
        }
    }

    /// <summary>Wire form of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>ACTIVE or BARRED.</returns>
    public static string Format(HlrSubscriberStatus status) =>
        status == HlrSubscriberStatus.Barred ? "BARRED" : "ACTIVE";

    private static bool IsDigits(string value, int min, int max) =>
        value.Length >= min && value.Length <= max && value.All(char.IsAsciiDigit);
}
