using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace NMcs.Billing.Rendering.Tests;

/// <summary>
/// Reads a rendered PDF back with PDFsharp: the text of each page, decoded from the content stream's show-text
/// operators through each font's ToUnicode map (the glyph ids PDFsharp writes for Unicode fonts are not text), and
/// the fonts the pages use.
/// </summary>
internal sealed partial class PdfInspection
{
    private PdfInspection(int pageCount, IReadOnlyList<IReadOnlyList<string>> pages, IReadOnlyList<PdfFontInfo> fonts)
    {
        PageCount = pageCount;
        Pages = pages;
        Fonts = fonts;
    }

    public int PageCount { get; }

    /// <summary>Per page, the strings of its show-text operators in drawing order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Pages { get; }

    public IReadOnlyList<PdfFontInfo> Fonts { get; }

    public IEnumerable<string> AllText => Pages.SelectMany(p => p);

    public static PdfInspection Read(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var pages = new List<IReadOnlyList<string>>();
        var fonts = new Dictionary<string, PdfFontInfo>(StringComparer.Ordinal);
        foreach (var page in document.Pages)
        {
            var maps = new Dictionary<string, Dictionary<int, string>?>(StringComparer.Ordinal);
            var fontResources = page.Resources.Elements.GetDictionary("/Font");
            if (fontResources is not null)
            {
                foreach (var key in fontResources.Elements.Keys)
                {
                    var font = fontResources.Elements.GetDictionary(key)!;
                    maps[key] = ToUnicode(font);
                    var info = Describe(font);
                    fonts.TryAdd(info.BaseFont, info);
                }
            }

            var texts = new List<string>();
            Dictionary<int, string>? current = null;
            foreach (var op in Operators(ContentReader.ReadContent(page)))
            {
                switch (op.OpCode.Name)
                {
                    case "Tf":
                        current = maps.GetValueOrDefault(((CName)op.Operands[0]).Name);
                        break;
                    case "Tj" or "'" or "\"":
                        texts.Add(Decode((CString)op.Operands[^1], current));
                        break;
                    case "TJ":
                        texts.Add(string.Concat(((CArray)op.Operands[0]).OfType<CString>().Select(s => Decode(s, current))));
                        break;
                }
            }

            pages.Add(texts);
        }

        return new PdfInspection(document.PageCount, pages, [.. fonts.Values]);
    }

    private static IEnumerable<COperator> Operators(CSequence sequence)
    {
        foreach (var item in sequence)
        {
            if (item is COperator op)
            {
                yield return op;
            }
            else if (item is CSequence nested)
            {
                foreach (var inner in Operators(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Two-byte codes through the ToUnicode map (Type0 fonts), else one byte per character.</summary>
    private static string Decode(CString text, Dictionary<int, string>? map)
    {
        var bytes = text.Value.Select(c => (byte)c).ToArray();
        if (map is null)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        var result = new StringBuilder();
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            result.Append(map.GetValueOrDefault((bytes[i] << 8) | bytes[i + 1], "\uFFFD"));
        }

        return result.ToString();
    }

    private static Dictionary<int, string>? ToUnicode(PdfDictionary font)
    {
        if (font.Elements.GetName("/Subtype") != "/Type0" || font.Elements.GetDictionary("/ToUnicode") is not { Stream: { } stream })
        {
            return null;
        }

        var cmap = Encoding.ASCII.GetString(stream.UnfilteredValue);
        var map = new Dictionary<int, string>();
        foreach (Match block in BfChar().Matches(cmap))
        {
            foreach (Match pair in Pair().Matches(block.Groups[1].Value))
            {
                map[Hex(pair.Groups[1].Value)] = Utf16(pair.Groups[2].Value);
            }
        }

        foreach (Match block in BfRange().Matches(cmap))
        {
            foreach (Match range in Triple().Matches(block.Groups[1].Value))
            {
                var low = Hex(range.Groups[1].Value);
                var high = Hex(range.Groups[2].Value);
                var first = Hex(range.Groups[3].Value);
                for (var code = low; code <= high; code++)
                {
                    map[code] = char.ConvertFromUtf32(first + code - low);
                }
            }
        }

        return map;
    }

    private static PdfFontInfo Describe(PdfDictionary font)
    {
        var baseFont = font.Elements.GetName("/BaseFont");
        var descriptorOwner = font.Elements.GetName("/Subtype") == "/Type0"
            ? font.Elements.GetArray("/DescendantFonts")!.Elements.GetDictionary(0)!
            : font;
        var descriptor = descriptorOwner.Elements.GetDictionary("/FontDescriptor");
        var embedded = descriptor is not null
            && (descriptor.Elements.ContainsKey("/FontFile2") || descriptor.Elements.ContainsKey("/FontFile3") || descriptor.Elements.ContainsKey("/FontFile"));
        return new PdfFontInfo(baseFont, font.Elements.GetName("/Subtype"), embedded);
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex)
    {
        var units = Enumerable.Range(0, hex.Length / 4).Select(i => (char)Hex(hex.Substring(i * 4, 4))).ToArray();
        return new string(units);
    }

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfChar();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRange();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Pair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Triple();
}

/// <summary>A font a PDF page uses.</summary>
internal sealed record PdfFontInfo(string BaseFont, string Subtype, bool Embedded);
