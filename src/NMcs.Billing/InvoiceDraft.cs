namespace NMcs.Billing;

/// <summary>An invoice before it is numbered and issued.</summary>
/// <param name="Currency">Invoice currency.</param>
/// <param name="Lines">Lines in print order.</param>
/// <param name="Subtotal">Sum of rounded line amounts.</param>
/// <param name="Total">Amount due. Equals the subtotal until taxes are introduced.</param>
public sealed record InvoiceDraft(Currency Currency, IReadOnlyList<InvoiceLine> Lines, decimal Subtotal, decimal Total);
