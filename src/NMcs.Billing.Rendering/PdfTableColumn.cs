namespace NMcs.Billing.Rendering;

/// <summary>A column of a table on an invoice PDF.</summary>
/// <param name="Header">Header text, repeated on every page the table continues on.</param>
/// <param name="Width">Width in points.</param>
/// <param name="AlignRight">Right-aligned (numbers) instead of left-aligned.</param>
internal sealed record PdfTableColumn(string Header, double Width, bool AlignRight = false);
