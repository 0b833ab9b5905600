namespace NMcs.Billing.Rendering;

/// <summary>The operator that issues the invoice.</summary>
/// <param name="Name">Legal name printed at the top of the document.</param>
/// <param name="AddressLines">Postal address, one printed line each.</param>
public sealed record InvoiceSeller(string Name, IReadOnlyList<string> AddressLines);
