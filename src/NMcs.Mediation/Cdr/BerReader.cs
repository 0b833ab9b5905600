using System.Formats.Asn1;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// Walks the elements of a BER content region one by one (allocation-free). A malformed element header raises a
/// <see cref="CdrDecodeException"/> naming the field the element would have been, with a precise reason.
/// </summary>
internal ref struct BerReader
{
    private ReadOnlySpan<byte> _remaining;
    private readonly string? _container;
    private readonly int _index;
    private readonly Func<int, string> _names;

    /// <param name="content">The content octets to walk.</param>
    /// <param name="container">Name of the list the elements belong to, for error paths; null at record level.</param>
    /// <param name="index">Position of that container in its list.</param>
    /// <param name="names">Field name for a context-specific tag number, for error messages.</param>
    public BerReader(ReadOnlySpan<byte> content, string? container, int index, Func<int, string> names)
    {
        _remaining = content;
        _container = container;
        _index = index;
        _names = names;
    }

    public readonly bool HasMore => !_remaining.IsEmpty;

    public readonly int Remaining => _remaining.Length;

    public BerElement Read()
    {
        var source = _remaining;
        Asn1Tag tag;
        int contentOffset, contentLength, consumed;
        try
        {
            tag = AsnDecoder.ReadEncodedValue(source, AsnEncodingRules.BER, out contentOffset, out contentLength, out consumed);
        }
        catch (AsnContentException ex)
        {
            throw new CdrDecodeException(FieldOf(source), Ber.DescribeHeaderError(source, ex));
        }

        _remaining = source[consumed..];
        return new BerElement(tag, source.Slice(contentOffset, contentLength), source[..consumed]);
    }

    public readonly FieldPath Field(int tagNumber) => new(_container, _index, _names(tagNumber));

    private readonly string FieldOf(ReadOnlySpan<byte> source)
    {
        if (Asn1Tag.TryDecode(source, out var tag, out _) && tag.TagClass == TagClass.ContextSpecific)
        {
            return Field(tag.TagValue).ToString();
        }

        return _container is null ? "record" : $"{_container}[{_index}]";
    }
}
