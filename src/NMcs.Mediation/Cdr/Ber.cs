using System.Formats.Asn1;
using System.Net;

namespace NMcs.Mediation.Cdr;

/// <summary>Reads the primitive ASN.1 types the CDR schema uses, with TS 32.298 field names in every error.</summary>
internal static class Ber
{
    /// <summary>Longest length field (in octets after the first) accepted; 4 octets already address 4 GiB.</summary>
    private const int MaxLengthOctets = 4;

    public static long Integer(in BerElement element, FieldPath field)
    {
        RequirePrimitive(element, field, "INTEGER");
        var content = element.Content;
        if (content.IsEmpty)
        {
            throw new CdrDecodeException(field.ToString(), "INTEGER has no content octets");
        }

        if (content.Length > 8)
        {
            throw new CdrDecodeException(field.ToString(), $"INTEGER of {content.Length} octets exceeds the 64-bit range");
        }

        long value = (sbyte)content[0];
        for (var i = 1; i < content.Length; i++)
        {
            value = (value << 8) | content[i];
        }

        return value;
    }

    public static long Unsigned(in BerElement element, FieldPath field, long max)
    {
        var value = Integer(element, field);
        if (value < 0 || value > max)
        {
            throw new CdrDecodeException(field.ToString(), $"value {value} is outside 0..{max}");
        }

        return value;
    }

    /// <summary>Content of an OCTET STRING; a BER constructed encoding is reassembled (rare, allocates).</summary>
    public static ReadOnlySpan<byte> Octets(in BerElement element, FieldPath field)
    {
        if (element.Tag.TagClass == TagClass.Universal && element.Tag.TagValue != (int)UniversalTagNumber.OctetString)
        {
            throw new CdrDecodeException(field.ToString(), $"expected an OCTET STRING, found {Describe(element.Tag)}");
        }

        if (!element.Tag.IsConstructed)
        {
            return element.Content;
        }

        try
        {
            return AsnDecoder.ReadOctetString(element.Encoded, AsnEncodingRules.BER, out _, element.Tag);
        }
        catch (AsnContentException ex)
        {
            throw new CdrDecodeException(field.ToString(), $"malformed constructed OCTET STRING: {ex.Message}");
        }
    }

    /// <summary>An IA5String of printable characters (0x20-0x7E), 1 to <paramref name="maxLength"/> long.</summary>
    public static string PrintableIa5(in BerElement element, FieldPath field, int maxLength)
    {
        var octets = Octets(element, field);
        if (octets.IsEmpty || octets.Length > maxLength)
        {
            throw new CdrDecodeException(field.ToString(), $"IA5String of {octets.Length} characters; expected 1 to {maxLength}");
        }

        for (var i = 0; i < octets.Length; i++)
        {
            if (octets[i] is < 0x20 or > 0x7E)
            {
                throw new CdrDecodeException(
                    field.ToString(), $"character {i + 1} is 0x{octets[i]:X2}; only printable IA5 characters (0x20-0x7E) are accepted");
            }
        }

        return System.Text.Encoding.ASCII.GetString(octets);
    }

    /// <summary>
    /// A BIT STRING's first 32 named bits as flags: ASN.1 bit n (n = 0 is the leading bit of the first octet) is
    /// <c>1u &lt;&lt; n</c>.
    /// </summary>
    public static uint NamedBits(in BerElement element, FieldPath field)
    {
        if (element.Tag.TagClass == TagClass.Universal && element.Tag.TagValue != (int)UniversalTagNumber.BitString)
        {
            throw new CdrDecodeException(field.ToString(), $"expected a BIT STRING, found {Describe(element.Tag)}");
        }

        ReadOnlySpan<byte> bits;
        if (element.Tag.IsConstructed)
        {
            try
            {
                bits = AsnDecoder.ReadBitString(element.Encoded, AsnEncodingRules.BER, out _, out _, element.Tag);
            }
            catch (AsnContentException ex)
            {
                throw new CdrDecodeException(field.ToString(), $"malformed constructed BIT STRING: {ex.Message}");
            }
        }
        else
        {
            var content = element.Content;
            if (content.IsEmpty || content[0] > 7 || (content.Length == 1 && content[0] != 0))
            {
                throw new CdrDecodeException(field.ToString(), "BIT STRING has no valid unused-bits octet");
            }

            bits = content[1..];
        }

        uint flags = 0;
        for (var n = 0; n < 32 && n / 8 < bits.Length; n++)
        {
            if ((bits[n / 8] & (0x80 >> (n % 8))) != 0)
            {
                flags |= 1u << n;
            }
        }

        return flags;
    }

    /// <summary>
    /// A GSNAddress / IPAddress CHOICE alternative: [0] iPBinV4Address, [1] iPBinV6Address, [4] iPBinV6Address with
    /// prefix length, [2]/[3] text forms.
    /// </summary>
    public static IPAddress IpAddressAlternative(in BerElement alternative, FieldPath field)
    {
        var tag = alternative.Tag;
        if (tag.TagClass != TagClass.ContextSpecific)
        {
            throw new CdrDecodeException(field.ToString(), $"{Describe(tag)} is not an IPAddress alternative ([0] IPv4, [1] IPv6)");
        }

        return tag.TagValue switch
        {
            0 => BinaryAddress(alternative, field, 4),
            1 => BinaryAddress(alternative, field, 16),
            2 or 3 => TextAddress(alternative, field),
            4 => V6AddressWithPrefix(alternative, field),
            _ => throw new CdrDecodeException(field.ToString(), $"{Describe(tag)} is not an IPAddress alternative ([0] IPv4, [1] IPv6)"),
        };
    }

    /// <summary>A field typed as a tagged GSNAddress: the tag wraps the CHOICE explicitly (X.680 31.2.7).</summary>
    public static IPAddress WrappedIpAddress(in BerElement element, FieldPath field)
    {
        RequireConstructed(element, field, "GSNAddress");
        var inner = new BerReader(element.Content, null, 0, static _ => "address");
        if (!inner.HasMore)
        {
            throw new CdrDecodeException(field.ToString(), "GSNAddress is empty");
        }

        var alternative = ReadAt(ref inner, field);
        if (inner.HasMore)
        {
            throw new CdrDecodeException(field.ToString(), "GSNAddress holds more than one address");
        }

        return IpAddressAlternative(alternative, field);
    }

    /// <summary>Reads the next element, naming errors after <paramref name="field"/> rather than the inner tag.</summary>
    public static BerElement ReadAt(ref BerReader reader, FieldPath field)
    {
        try
        {
            return reader.Read();
        }
        catch (CdrDecodeException ex)
        {
            throw new CdrDecodeException(field.ToString(), ex.Reason);
        }
    }

    public static void RequirePrimitive(in BerElement element, FieldPath field, string type)
    {
        if (element.Tag.IsConstructed)
        {
            throw new CdrDecodeException(field.ToString(), $"expected a primitive {type}, found a constructed encoding {Describe(element.Tag)}");
        }
    }

    public static void RequireConstructed(in BerElement element, FieldPath field, string type)
    {
        if (!element.Tag.IsConstructed)
        {
            throw new CdrDecodeException(field.ToString(), $"expected a constructed {type}, found a primitive encoding {Describe(element.Tag)}");
        }
    }

    public static string Describe(Asn1Tag tag)
    {
        var form = tag.IsConstructed ? " (constructed)" : string.Empty;
        return tag.TagClass switch
        {
            TagClass.ContextSpecific => $"tag [{tag.TagValue}]{form}",
            TagClass.Universal => $"tag [UNIVERSAL {tag.TagValue}]{form}",
            TagClass.Application => $"tag [APPLICATION {tag.TagValue}]{form}",
            _ => $"tag [PRIVATE {tag.TagValue}]{form}",
        };
    }

    /// <summary>Explains why an element header could not be read, in terms of the octets (X.690 8.1.2, 8.1.3).</summary>
    public static string DescribeHeaderError(ReadOnlySpan<byte> source, AsnContentException error)
    {
        if (!Asn1Tag.TryDecode(source, out var tag, out var tagLength))
        {
            return "truncated or invalid tag octets";
        }

        if (source.Length == tagLength)
        {
            return $"truncated: {Describe(tag)} has no length octet";
        }

        var first = source[tagLength];
        var available = source.Length - tagLength - 1;
        long length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            return tag.IsConstructed
                ? "indefinite length without its end-of-contents octets (truncated)"
                : "indefinite length is not allowed on a primitive encoding (X.690 8.1.3.2)";
        }
        else if (first == 0xFF)
        {
            return "length octet 0xFF is reserved (X.690 8.1.3.5)";
        }
        else
        {
            var count = first & 0x7F;
            if (count > MaxLengthOctets)
            {
                return $"length field of {count} octets; at most {MaxLengthOctets} are accepted";
            }

            if (count > available)
            {
                return "truncated inside the length octets";
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | source[tagLength + 1 + i];
            }

            available -= count;
        }

        return length > available
            ? $"length {length} exceeds the {available} octets remaining"
            : $"malformed encoding: {error.Message}";
    }

    private static IPAddress BinaryAddress(in BerElement alternative, FieldPath field, int expected)
    {
        var octets = Octets(alternative, field);
        if (octets.Length != expected)
        {
            throw new CdrDecodeException(
                field.ToString(), $"iPBinV{(expected == 4 ? 4 : 6)}Address has {octets.Length} octets; expected {expected}");
        }

        return new IPAddress(octets);
    }

    /// <summary>IPBinV6AddressWithPrefixLength ::= SEQUENCE { IPBinV6Address, PDPAddressPrefixLength DEFAULT 64 }.</summary>
    private static IPAddress V6AddressWithPrefix(in BerElement alternative, FieldPath field)
    {
        RequireConstructed(alternative, field, "iPBinV6AddressWithPrefix");
        var inner = new BerReader(alternative.Content, null, 0, static _ => "iPBinV6Address");
        if (!inner.HasMore)
        {
            throw new CdrDecodeException(field.ToString(), "iPBinV6AddressWithPrefix is empty");
        }

        var address = ReadAt(ref inner, field);
        var octets = Octets(address, field);
        if (octets.Length != 16)
        {
            throw new CdrDecodeException(field.ToString(), $"iPBinV6Address has {octets.Length} octets; expected 16");
        }

        return new IPAddress(octets);
    }

    private static IPAddress TextAddress(in BerElement alternative, FieldPath field)
    {
        var text = PrintableIa5(alternative, field, 45);
        return IPAddress.TryParse(text, out var parsed)
            ? parsed
            : throw new CdrDecodeException(field.ToString(), $"'{text}' is not an IP address");
    }
}
