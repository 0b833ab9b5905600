namespace NMcs.Mediation.Cdr;

/// <summary>
/// TBCD-STRING (TS 29.002): two decimal digits per octet, the first digit in the low nibble; an odd number of digits
/// ends with the filler 0xF in the high nibble of the last octet.
/// </summary>
internal static class Tbcd
{
    public static string Decode(ReadOnlySpan<byte> octets, FieldPath field)
    {
        Span<char> digits = stackalloc char[octets.Length * 2];
        var count = 0;
        for (var i = 0; i < octets.Length; i++)
        {
            var low = octets[i] & 0x0F;
            var high = octets[i] >> 4;
            if (low > 9)
            {
                throw new CdrDecodeException(
                    field.ToString(), $"octet {i + 1} (0x{octets[i]:X2}) holds 0x{low:X} in its low nibble; TBCD digits are 0-9");
            }

            digits[count++] = (char)('0' + low);
            if (high == 0x0F && i == octets.Length - 1)
            {
                break;
            }

            if (high > 9)
            {
                throw new CdrDecodeException(
                    field.ToString(),
                    high == 0x0F
                        ? $"filler 0xF in octet {i + 1} before the last octet"
                        : $"octet {i + 1} (0x{octets[i]:X2}) holds 0x{high:X} in its high nibble; TBCD digits are 0-9");
            }

            digits[count++] = (char)('0' + high);
        }

        return new string(digits[..count]);
    }

    public static int EncodedLength(string digits) => (digits.Length + 1) / 2;

    public static void Encode(string digits, Span<byte> destination)
    {
        for (var i = 0; i < digits.Length; i += 2)
        {
            var low = Digit(digits[i]);
            var high = i + 1 < digits.Length ? Digit(digits[i + 1]) : 0x0F;
            destination[i / 2] = (byte)((high << 4) | low);
        }
    }

    public static byte[] Encode(string digits)
    {
        var octets = new byte[EncodedLength(digits)];
        Encode(digits, octets);
        return octets;
    }

    private static int Digit(char c) =>
        c is >= '0' and <= '9' ? c - '0' : throw new ArgumentException($"'{c}' is not a decimal digit", nameof(c));
}
