using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace NMcs.Billing.Rendering;

/// <summary>
/// Lays content top to bottom over A4 pages: keeps the cursor, starts a new page when content does not fit, wraps
/// text to a width and draws tables whose header (and caption) repeat on every page they continue on.
/// </summary>
internal sealed class PdfPageFlow : IDisposable
{
    public const double Margin = 42;
    public const double BottomMargin = 54;
    private const double CellPaddingX = 3;
    private const double CellPaddingY = 2.5;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    private readonly PdfDocument _document;
    private readonly Action<PdfPageFlow> _runningHeader;
    private XGraphics? _graphics;

    /// <param name="document">Document to add pages to.</param>
    /// <param name="runningHeader">Draws the top of every page after the first.</param>
    public PdfPageFlow(PdfDocument document, Action<PdfPageFlow> runningHeader)
    {
        _document = document;
        _runningHeader = runningHeader;
        Regular = Font(8.5, bold: false);
        Bold = Font(8.5, bold: true);
        Small = Font(7.5, bold: false);
        SmallBold = Font(7.5, bold: true);
        Note = Font(7, bold: false);
    }

    public XFont Regular { get; }

    public XFont Bold { get; }

    public XFont Small { get; }

    public XFont SmallBold { get; }

    public XFont Note { get; }

    public double Y { get; set; }

    public double PageWidth { get; private set; }

    public double PageHeight { get; private set; }

    public double Left { get; } = Margin;

    public double Right => PageWidth - Margin;

    public double Width => Right - Left;

    public double Bottom => PageHeight - BottomMargin;

    public XGraphics Graphics => _graphics ?? throw new InvalidOperationException("no page started");

    public static XFont Font(double size, bool bold) =>
        new(InvoiceFontResolver.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    public void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        PageWidth = page.Width.Point;
        PageHeight = page.Height.Point;
        _graphics = XGraphics.FromPdfPage(page);
        Y = Margin;
        if (_document.PageCount > 1)
        {
            _runningHeader(this);
        }
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits below the cursor.</summary>
    public bool EnsureSpace(double height)
    {
        if (Y + height <= Bottom)
        {
            return false;
        }

        NewPage();
        return true;
    }

    /// <summary>Draws text lines in a box of <paramref name="width"/> at the cursor's page position (x, y); returns the height used.</summary>
    public double Text(string text, XFont font, double x, double y, double width, bool alignRight = false, XBrush? brush = null)
    {
        var lines = Wrap(text, font, width);
        var lineHeight = font.GetHeight();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var box = new XRect(x, y + (i * lineHeight), width, lineHeight);
            Graphics.DrawString(lines[i], font, brush ?? XBrushes.Black, box, alignRight ? XStringFormats.TopRight : XStringFormats.TopLeft);
        }

        return lines.Count * lineHeight;
    }

    /// <summary>Draws a table at the cursor, breaking across pages; the caption and header repeat on each new page.</summary>
    public void Table(IReadOnlyList<PdfTableColumn> columns, IEnumerable<PdfTableRow> rows, string? continuationCaption)
    {
        var headerHeight = RowHeight(columns.Select(c => c.Header).ToList(), columns, SmallBold);
        var lineHeight = Small.GetHeight();
        var maxRowLines = (int)Math.Floor((Bottom - Margin - 60 - headerHeight - (2 * CellPaddingY)) / lineHeight);
        var first = true;
        foreach (var row in rows)
        {
            var font = row.Emphasis ? SmallBold : Small;
            var cells = columns.Select((c, i) => CellLines(row, i, font, c.Width - (2 * CellPaddingX), maxRowLines)).ToList();
            var height = (cells.Max(c => c.Count) * lineHeight) + (2 * CellPaddingY);
            if (first)
            {
                EnsureSpace(headerHeight + height);
                DrawHeader(columns, headerHeight);
                first = false;
            }
            else if (Y + height > Bottom)
            {
                NewPage();
                if (continuationCaption is not null)
                {
                    Y += Text(continuationCaption, SmallBold, Left, Y, Width, brush: XBrushes.DimGray) + 2;
                }

                DrawHeader(columns, headerHeight);
            }

            if (row.Emphasis)
            {
                Graphics.DrawLine(new XPen(XColors.Black, 0.6), Left, Y, Right, Y);
            }

            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                for (var l = 0; l < cells[i].Count; l++)
                {
                    var (text, note) = cells[i][l];
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    var box = new XRect(x + CellPaddingX, Y + CellPaddingY + (l * lineHeight), columns[i].Width - (2 * CellPaddingX), lineHeight);
                    Graphics.DrawString(text, note ? Note : font, note ? XBrushes.DimGray : XBrushes.Black, box, columns[i].AlignRight ? XStringFormats.TopRight : XStringFormats.TopLeft);
                }

                x += columns[i].Width;
            }

            Y += height;
            Graphics.DrawLine(new XPen(XColors.LightGray, 0.4), Left, Y, Right, Y);
        }

        if (first)
        {
            EnsureSpace(headerHeight);
            DrawHeader(columns, headerHeight);
        }
    }

    /// <summary>Splits text into lines that fit <paramref name="width"/>: at '\n', then between words, then inside over-long words.</summary>
    public IReadOnlyList<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Normalize(text).Split('\n'))
        {
            var current = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    current.Clear().Append(candidate);
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                // A word wider than the column (an id, a URL) breaks where it must.
                var rest = word;
                while (rest.Length > 0 && Measure(rest, font) > width)
                {
                    var take = rest.Length - 1;
                    while (take > 1 && Measure(rest[..take], font) > width)
                    {
                        take--;
                    }

                    lines.Add(rest[..take]);
                    rest = rest[take..];
                }

                current.Append(rest);
            }

            lines.Add(current.ToString());
        }

        return lines;
    }

    public void Dispose() => _graphics?.Dispose();

    /// <summary>The cell's text lines, then its note's; a cell taller than a page is cut with an ellipsis.</summary>
    private List<(string Text, bool Note)> CellLines(PdfTableRow row, int column, XFont font, double width, int max)
    {
        var lines = Wrap(row.Cells[column], font, width).Select(l => (l, false)).ToList();
        if (row.Notes?[column] is { Length: > 0 } note)
        {
            lines.AddRange(Wrap(note, Note, width).Select(l => (l, true)));
        }

        return lines.Count <= max ? lines : [.. lines.Take(max - 1), (lines[max - 1].Item1 + " …", lines[max - 1].Item2)];
    }

    /// <summary>Line breaks become '\n'; tabs and other control characters, which the font cannot show, become spaces.</summary>
    private static string Normalize(string text)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return string.Create(unified.Length, unified, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] != '\n' && char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }

    private double Measure(string text, XFont font) => Graphics.MeasureString(text, font).Width;

    private double RowHeight(List<string> cells, IReadOnlyList<PdfTableColumn> columns, XFont font) =>
        (columns.Select((c, i) => Wrap(cells[i], font, c.Width - (2 * CellPaddingX)).Count).Max() * font.GetHeight()) + (2 * CellPaddingY);

    private void DrawHeader(IReadOnlyList<PdfTableColumn> columns, double height)
    {
        Graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(232, 236, 241)), Left, Y, Width, height);
        var x = Left;
        foreach (var column in columns)
        {
            var lines = Wrap(column.Header, SmallBold, column.Width - (2 * CellPaddingX));
            for (var l = 0; l < lines.Count; l++)
            {
                var box = new XRect(x + CellPaddingX, Y + CellPaddingY + (l * SmallBold.GetHeight()), column.Width - (2 * CellPaddingX), SmallBold.GetHeight());
                Graphics.DrawString(lines[l], SmallBold, XBrushes.Black, box, column.AlignRight ? XStringFormats.TopRight : XStringFormats.TopLeft);
            }

            x += column.Width;
        }

        Y += height;
    }
}
