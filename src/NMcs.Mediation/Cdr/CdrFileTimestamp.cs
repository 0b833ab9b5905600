namespace NMcs.Mediation.Cdr;

/// <summary>
/// The 4-octet timestamp of a TS 32.297 file header: month (4 bits), day (5), hour (5), minute (6), sign of the UTC
/// offset (1 bit, 1 = '+'), offset hours (5) and minutes (6), most significant bit first. It carries no year.
/// </summary>
/// <param name="Month">1-12.</param>
/// <param name="Day">1-31.</param>
/// <param name="Hour">0-23, local time.</param>
/// <param name="Minute">0-59, local time.</param>
/// <param name="UtcOffsetMinutes">Local time minus UTC, in minutes.</param>
public readonly record struct CdrFileTimestamp(int Month, int Day, int Hour, int Minute, int UtcOffsetMinutes)
{
    /// <summary>The local month, day, hour and minute of <paramref name="time"/> with its offset.</summary>
    public static CdrFileTimestamp From(DateTimeOffset time) =>
        new(time.Month, time.Day, time.Hour, time.Minute, (int)time.Offset.TotalMinutes);

    internal uint Pack()
    {
        var offset = Math.Abs(UtcOffsetMinutes);
        return ((uint)Month << 28) | ((uint)Day << 23) | ((uint)Hour << 18) | ((uint)Minute << 12)
            | (UtcOffsetMinutes >= 0 ? 1u << 11 : 0u) | ((uint)(offset / 60) << 6) | (uint)(offset % 60);
    }

    internal static CdrFileTimestamp Unpack(uint value, string field)
    {
        var month = (int)(value >> 28);
        var day = (int)((value >> 23) & 0x1F);
        var hour = (int)((value >> 18) & 0x1F);
        var minute = (int)((value >> 12) & 0x3F);
        var sign = (value & (1u << 11)) != 0 ? 1 : -1;
        var offsetHours = (int)((value >> 6) & 0x1F);
        var offsetMinutes = (int)(value & 0x3F);
        if (month is < 1 or > 12 || day is < 1 or > 31 || hour > 23 || minute > 59 || offsetHours > 23 || offsetMinutes > 59)
        {
            throw new CdrDecodeException(
                field,
                $"0x{value:X8} is not a valid timestamp (month {month}, day {day}, {hour:D2}:{minute:D2}, offset {offsetHours:D2}:{offsetMinutes:D2})");
        }

        return new CdrFileTimestamp(month, day, hour, minute, sign * ((offsetHours * 60) + offsetMinutes));
    }
}
