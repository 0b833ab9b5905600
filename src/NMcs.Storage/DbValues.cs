using System.Globalization;

namespace NMcs.Storage;

/// <summary>How values are written to and read from text columns: invariant, round-trippable, exact.</summary>
internal static class DbValues
{
    public static string Dec(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Dec(string value) => decimal.Parse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    /// <summary>How times are stored: UTC, seven fractional digits, so text order is time order.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
