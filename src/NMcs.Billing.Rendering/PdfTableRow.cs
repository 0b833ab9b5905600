namespace NMcs.Billing.Rendering;

/// <summary>A row of a table on an invoice PDF; cells wrap within their column.</summary>
/// <param name="Cells">One text per column; '\n' starts a new line in the cell.</param>
/// <param name="Notes">Optional secondary text per column, printed smaller and grey below the cell's text.</param>
/// <param name="Emphasis">Bold row with a rule above, for totals.</param>
internal sealed record PdfTableRow(IReadOnlyList<string> Cells, IReadOnlyList<string?>? Notes = null, bool Emphasis = false);
