using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>A customer, keyed by customer id. Creating one opens its payer account.</summary>
[Alias("nmcs.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Creates the customer and its payer account; refuses a second create.</summary>
    [Alias("Create")]
    Task<CustomerInfo> Create(string name, string currency, string timeZone, string? taxJurisdiction = null, string? billingCycle = null);

    /// <summary>Opens a non-paying child (subscriber) account under the customer's payer account.</summary>
    [Alias("OpenAccount")]
    Task<AccountInfo> OpenAccount(string accountId);

    /// <summary>The customer, or null when it does not exist.</summary>
    [Alias("GetInfo")]
    Task<CustomerInfo?> GetInfo();
}
