using System.Globalization;

namespace NMcs.Storage;

/// <summary>How values are written to and read from text columns: invariant, round-trippable, exact.</summary>
internal static class DbValues
{
    public static string Dec(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <see cref="Dec(decimal)"/>'s text as UTF-8 into <paramref name="utf8"/> (at most 31 bytes).</summary>
    public static bool TryWriteDec(decimal value, Span<byte> utf8, out int written) =>
        value.TryFormat(utf8, out written, default, CultureInfo.InvariantCulture);

    public static decimal Dec(string value) => decimal.Parse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    // How times are stored: UTC, seven fractional digits and a Z (yyyy-MM-ddTHH:mm:ss.fffffffZ), so text order is time
    // order. That is the round-trip format of a UTC time, which is formatted without parsing a pattern.
    private const string TimeFormat = "O";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes <see cref="Time(DateTimeOffset)"/>'s text as UTF-8 into <paramref name="utf8"/> (28 bytes).</summary>
    public static bool TryWriteTime(DateTimeOffset value, Span<byte> utf8, out int written) =>
        value.UtcDateTime.TryFormat(utf8, out written, TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
