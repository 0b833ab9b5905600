using System.Globalization;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// A public land mobile network: mobile country code and mobile network code. Prints as "MCC-MNC" (e.g. 234-15),
/// the form <see cref="MediatedUsage.VisitedNetwork"/> uses.
/// </summary>
public readonly record struct PlmnId
{
    /// <summary>Creates a PLMN id from a 3-digit MCC and a 2- or 3-digit MNC.</summary>
    public PlmnId(string mcc, string mnc)
    {
        if (mcc is not { Length: 3 } || !AllDigits(mcc))
        {
            throw new ArgumentException($"MCC '{mcc}' must be 3 digits", nameof(mcc));
        }

        if (mnc is not { Length: 2 or 3 } || !AllDigits(mnc))
        {
            throw new ArgumentException($"MNC '{mnc}' must be 2 or 3 digits", nameof(mnc));
        }

        Mcc = mcc;
        Mnc = mnc;
    }

    /// <summary>Mobile country code, 3 digits.</summary>
    public string Mcc { get; }

    /// <summary>Mobile network code, 2 or 3 digits.</summary>
    public string Mnc { get; }

    /// <summary>Parses "MCC-MNC", e.g. "262-01" or "310-260".</summary>
    public static PlmnId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            throw new FormatException($"PLMN '{text}' must be written MCC-MNC, e.g. 262-01");
        }

        return new PlmnId(text[..dash], text[(dash + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Mcc}-{Mnc}";

    /// <summary>
    /// Decodes the 3-octet PLMN-Id (TS 29.274 / TS 24.008): MCC digit 2|1, MNC digit 3|MCC digit 3, MNC digit 2|1;
    /// MNC digit 3 is 0xF for a 2-digit MNC.
    /// </summary>
    internal static PlmnId Decode(ReadOnlySpan<byte> octets, FieldPath field)
    {
        if (octets.Length != 3)
        {
            throw new CdrDecodeException(field.ToString(), $"PLMN-Id has {octets.Length} octets; expected 3");
        }

        Span<char> mcc = [Digit(octets, 0, false, field), Digit(octets, 0, true, field), Digit(octets, 1, false, field)];
        var mnc3 = octets[1] >> 4;
        Span<char> mnc = [Digit(octets, 2, false, field), Digit(octets, 2, true, field), '0'];
        var mncLength = 2;
        if (mnc3 != 0x0F)
        {
            mnc[2] = Digit(octets, 1, true, field);
            mncLength = 3;
        }

        return new PlmnId(new string(mcc), new string(mnc[..mncLength]));
    }

    internal void Encode(Span<byte> destination)
    {
        var mcc = Mcc ?? throw new InvalidOperationException("default PlmnId has no digits");
        var mnc = Mnc;
        var mnc3 = mnc.Length == 3 ? mnc[2] - '0' : 0x0F;
        destination[0] = (byte)(((mcc[1] - '0') << 4) | (mcc[0] - '0'));
        destination[1] = (byte)((mnc3 << 4) | (mcc[2] - '0'));
        destination[2] = (byte)(((mnc[1] - '0') << 4) | (mnc[0] - '0'));
    }

    private static char Digit(ReadOnlySpan<byte> octets, int index, bool high, FieldPath field)
    {
        var nibble = high ? octets[index] >> 4 : octets[index] & 0x0F;
        if (nibble > 9)
        {
            throw new CdrDecodeException(
                field.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"PLMN-Id octet {index + 1} (0x{octets[index]:X2}) holds 0x{nibble:X}, not a digit"));
        }

        return (char)('0' + nibble);
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
