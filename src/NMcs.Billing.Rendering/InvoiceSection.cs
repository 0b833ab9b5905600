namespace NMcs.Billing.Rendering;

/// <summary>The lines of one child (subscriber) account on the payer's invoice.</summary>
/// <param name="AccountId">Subscriber account id.</param>
/// <param name="Title">Section title, e.g. the account's name.</param>
/// <param name="Lines">Lines in print order.</param>
public sealed record InvoiceSection(string AccountId, string Title, IReadOnlyList<InvoiceDocumentLine> Lines);
