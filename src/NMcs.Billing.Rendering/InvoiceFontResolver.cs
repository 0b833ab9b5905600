using PdfSharp.Fonts;

namespace NMcs.Billing.Rendering;

/// <summary>
/// Serves the DejaVu Sans faces embedded in this assembly to PDFsharp, under the family name
/// <see cref="FamilyName"/> only, so invoices render on a machine without any system fonts and the resolver never
/// answers for fonts other code asks for.
/// </summary>
/// <remarks>
/// PDFsharp's Core build has one process-wide custom resolver slot and one fallback slot
/// (<see cref="GlobalFontSettings.FontResolver"/>, <see cref="GlobalFontSettings.FallbackFontResolver"/>); neither
/// may change once a font has been used. <see cref="EnsureRegistered"/> takes the fallback slot when it is free, which
/// leaves the main slot to the application, else the main slot; when another resolver holds both it fails with an
/// explanation instead of replacing anything. An application with its own resolver can instead delegate requests for
/// <see cref="FamilyName"/> to <see cref="Instance"/>.
/// </remarks>
public sealed class InvoiceFontResolver : IFontResolver
{
    /// <summary>Family name the invoice PDFs ask for; deliberately unlike any installed font's name.</summary>
    public const string FamilyName = "NMcs Invoice Sans";

    private const string RegularFace = "NMcsInvoiceSans-Regular";
    private const string BoldFace = "NMcsInvoiceSans-Bold";

    private static readonly Lock Gate = new();
    private static volatile bool _registered;

    private readonly Lazy<byte[]> _regular = new(() => Load("DejaVuSans.ttf"));
    private readonly Lazy<byte[]> _bold = new(() => Load("DejaVuSans-Bold.ttf"));

    private InvoiceFontResolver()
    {
    }

    /// <summary>The one instance (PDFsharp ignores a second instance of a resolver type it already holds).</summary>
    public static InvoiceFontResolver Instance { get; } = new();

    /// <summary>Where <see cref="EnsureRegistered"/> installed the resolver, or null before it ran.</summary>
    public static string? RegisteredSlot { get; private set; }

    /// <summary>
    /// Installs <see cref="Instance"/> into PDFsharp once per process; thread-safe and cheap to call before every
    /// render. Throws <see cref="InvalidOperationException"/> when other resolvers hold both slots.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (_registered)
        {
            return;
        }

        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            if (GlobalFontSettings.FallbackFontResolver is InvoiceFontResolver)
            {
                RegisteredSlot = nameof(GlobalFontSettings.FallbackFontResolver);
            }
            else if (GlobalFontSettings.FontResolver is InvoiceFontResolver)
            {
                RegisteredSlot = nameof(GlobalFontSettings.FontResolver);
            }
            else if (GlobalFontSettings.FallbackFontResolver is null)
            {
                GlobalFontSettings.FallbackFontResolver = Instance;
                RegisteredSlot = nameof(GlobalFontSettings.FallbackFontResolver);
            }
            else if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = Instance;
                RegisteredSlot = nameof(GlobalFontSettings.FontResolver);
            }
            else
            {
                throw new InvalidOperationException(
                    $"PDFsharp's font resolver slots are taken by {GlobalFontSettings.FontResolver.GetType().Name} and {GlobalFontSettings.FallbackFontResolver.GetType().Name}; " +
                    $"let one of them delegate family '{FamilyName}' to {nameof(InvoiceFontResolver)}.{nameof(Instance)}.");
            }

            _registered = true;
        }
    }

    /// <summary>Resolves <see cref="FamilyName"/> (case-insensitive) to the embedded regular or bold face; italic is simulated.</summary>
    /// <param name="familyName">Requested family.</param>
    /// <param name="bold">Bold requested.</param>
    /// <param name="italic">Italic requested.</param>
    /// <returns>The face, or null for any other family so that PDFsharp asks the next resolver.</returns>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new FontResolverInfo(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    /// <summary>The TrueType data of a face this resolver named.</summary>
    /// <param name="faceName">Face name from <see cref="ResolveTypeface"/>.</param>
    /// <returns>The font file, or null for a face this resolver does not own.</returns>
    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => _regular.Value,
        BoldFace => _bold.Value,
        _ => null,
    };

    private static byte[] Load(string file)
    {
        var name = $"NMcs.Billing.Rendering.Fonts.{file}";
        using var stream = typeof(InvoiceFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded font {name} is missing from {typeof(InvoiceFontResolver).Assembly.GetName().Name}; rebuild the project.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
