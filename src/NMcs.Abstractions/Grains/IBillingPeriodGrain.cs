using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>
/// One payer account's billing period, keyed "accountId:YYYY-MM". Closing it issues the period's invoice exactly
/// once; later calls return the same invoice.
/// </summary>
[Alias("nmcs.IBillingPeriodGrain")]
public interface IBillingPeriodGrain : IGrainWithStringKey
{
    /// <summary>Closes the period into an invoice. Refused until the period has ended by the platform clock.</summary>
    [Alias("Close")]
    Task<InvoiceInfo> Close();

    /// <summary>The invoice the period closed into, or null while open.</summary>
    [Alias("GetInvoice")]
    Task<InvoiceInfo?> GetInvoice();

    /// <summary>What the invoice would be if the period closed now, issuing nothing.</summary>
    [Alias("Preview")]
    Task<InvoiceInfo> Preview();
}
