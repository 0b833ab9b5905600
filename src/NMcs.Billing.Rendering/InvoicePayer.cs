namespace NMcs.Billing.Rendering;

/// <summary>The payer account the invoice is addressed to.</summary>
/// <param name="Name">Customer name.</param>
/// <param name="AccountId">Payer account id.</param>
/// <param name="AddressLines">Billing address, one printed line each.</param>
public sealed record InvoicePayer(string Name, string AccountId, IReadOnlyList<string> AddressLines);
