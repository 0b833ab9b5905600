using NMcs.Billing.Receivables;

namespace NMcs.Grains.Receivables;

/// <summary>What a payer account owes: the sum of the open amounts of its invoices.</summary>
/// <param name="AccountId">Payer account.</param>
/// <param name="Currency">The account's currency.</param>
/// <param name="Balance">Sum of open amounts; negative when the operator owes the payer a refund.</param>
/// <param name="OpenInvoices">Invoices whose open amount is not zero, oldest first.</param>
public sealed record AccountBalance(string AccountId, string Currency, decimal Balance, IReadOnlyList<InvoiceReceivable> OpenInvoices);
