namespace NMcs.Mediation.Cdr;

/// <summary>
/// TS 32.298 TimeStamp: OCTET STRING (SIZE(9)), BCD YY MM DD hh mm ss, then the ASCII sign '+' or '-' and the BCD
/// hh mm offset of local time from UTC. Each BCD octet holds the tens digit in its high nibble. Years are 2000-2099.
/// </summary>
internal static class CdrTimeStamp
{
    public const int Length = 9;

    public static DateTimeOffset Decode(ReadOnlySpan<byte> octets, FieldPath field)
    {
        if (octets.Length != Length)
        {
            throw new CdrDecodeException(field.ToString(), $"TimeStamp has {octets.Length} octets; expected 9 (YYMMDDhhmmss, sign, hhmm)");
        }

        var year = 2000 + Bcd(octets, 0, field);
        var month = Bcd(octets, 1, field);
        var day = Bcd(octets, 2, field);
        var hour = Bcd(octets, 3, field);
        var minute = Bcd(octets, 4, field);
        var second = Bcd(octets, 5, field);
        var sign = octets[6] switch
        {
            (byte)'+' => 1,
            (byte)'-' => -1,
            _ => throw new CdrDecodeException(field.ToString(), $"octet 7 (0x{octets[6]:X2}) is not the sign '+' or '-'"),
        };
        var offsetHours = Bcd(octets, 7, field);
        var offsetMinutes = Bcd(octets, 8, field);

        if (month is < 1 or > 12)
        {
            throw new CdrDecodeException(field.ToString(), $"month {month} is outside 1..12");
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new CdrDecodeException(field.ToString(), $"day {day} does not exist in {year:D4}-{month:D2}");
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            throw new CdrDecodeException(field.ToString(), $"time {hour:D2}:{minute:D2}:{second:D2} is not a valid time of day");
        }

        var offset = (offsetHours * 60) + offsetMinutes;
        if (offsetMinutes > 59 || offset > 14 * 60)
        {
            throw new CdrDecodeException(field.ToString(), $"UTC offset {offsetHours:D2}{offsetMinutes:D2} is outside ±14:00");
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(sign * offset));
    }

    public static void Encode(DateTimeOffset time, Span<byte> destination)
    {
        if (time.Year is < 2000 or > 2099)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "a TimeStamp holds years 2000-2099 only");
        }

        var offset = (int)time.Offset.TotalMinutes;
        destination[0] = ToBcd(time.Year - 2000);
        destination[1] = ToBcd(time.Month);
        destination[2] = ToBcd(time.Day);
        destination[3] = ToBcd(time.Hour);
        destination[4] = ToBcd(time.Minute);
        destination[5] = ToBcd(time.Second);
        destination[6] = offset < 0 ? (byte)'-' : (byte)'+';
        destination[7] = ToBcd(Math.Abs(offset) / 60);
        destination[8] = ToBcd(Math.Abs(offset) % 60);
    }

    private static int Bcd(ReadOnlySpan<byte> octets, int index, FieldPath field)
    {
        var value = octets[index];
        if ((value >> 4) > 9 || (value & 0x0F) > 9)
        {
            throw new CdrDecodeException(field.ToString(), $"octet {index + 1} (0x{value:X2}) is not BCD");
        }

        return ((value >> 4) * 10) + (value & 0x0F);
    }

    private static byte ToBcd(int value) => (byte)(((value / 10) << 4) | (value % 10));
}
