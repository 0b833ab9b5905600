using PdfSharp.Fonts;

namespace NMcs.Billing.Rendering.Tests;

/// <summary>
/// Entry point of the test assembly when run as a program: <c>render-probe OUT.pdf [LINES|credit-note]</c> renders a sample document
/// in this fresh process and reports what PDFsharp's font settings hold, for <see cref="FontIsolationTests"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var document = args switch
        {
            ["render-probe", _] => SampleInvoices.Small(),
            ["render-probe", _, "credit-note"] => SampleInvoices.CreditNote(),
            ["render-probe", _, var lines] when int.TryParse(lines, out var count) => SampleInvoices.WithLines(count),
            _ => null,
        };
        if (document is null)
        {
            Console.Error.WriteLine("usage: render-probe OUT.pdf [LINES|credit-note]");
            return 2;
        }

        var before = GlobalFontSettings.FontResolver is null && GlobalFontSettings.FallbackFontResolver is null;
        File.WriteAllBytes(args[1], InvoicePdfRenderer.Render(document));
        var fontDir = Directory.Exists("/usr/share/fonts") ? Directory.EnumerateFileSystemEntries("/usr/share/fonts").Count() : 0;
        Console.WriteLine($"resolvers-empty-before={before}");
        Console.WriteLine($"slot={InvoiceFontResolver.RegisteredSlot}");
        Console.WriteLine($"fallback={GlobalFontSettings.FallbackFontResolver?.GetType().Name}");
        Console.WriteLine($"system-font-entries={fontDir}");
        return 0;
    }
}
