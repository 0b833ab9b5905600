using System.Formats.Asn1;

namespace NMcs.Mediation.Cdr;

/// <summary>One BER element as a view over the input: tag, content octets and the whole encoding.</summary>
internal readonly ref struct BerElement
{
    public BerElement(Asn1Tag tag, ReadOnlySpan<byte> content, ReadOnlySpan<byte> encoded)
    {
        Tag = tag;
        Content = content;
        Encoded = encoded;
    }

    public Asn1Tag Tag { get; }

    /// <summary>Content octets; for an indefinite length without the end-of-contents octets.</summary>
    public ReadOnlySpan<byte> Content { get; }

    /// <summary>Identifier, length and content octets together.</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    public bool IsContext(int tagNumber) => Tag.TagClass == TagClass.ContextSpecific && Tag.TagValue == tagNumber;
}
