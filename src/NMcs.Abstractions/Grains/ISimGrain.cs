using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>A SIM, keyed by ICCID: lifecycle, subscription and real-time rating of its usage.</summary>
[Alias("nmcs.ISimGrain")]
public interface ISimGrain : IGrainWithStringKey
{
    /// <summary>Registers the SIM into inventory.</summary>
    [Alias("Register")]
    Task<SimInfo> Register(string imsi, string msisdn);

    /// <summary>Assigns the SIM to a customer.</summary>
    [Alias("Assign")]
    Task<SimInfo> Assign(string customerId);

    /// <summary>Activates the SIM on a product version for the customer's payer account.</summary>
    [Alias("Activate")]
    Task<SimInfo> Activate(string productId, int? productVersion);

    /// <summary>The SIM, or null when it is not registered.</summary>
    [Alias("GetInfo")]
    Task<SimInfo?> GetInfo();

    /// <summary>
    /// Rates a batch of this SIM's records. Records whose id is already in the ledger come back as duplicates;
    /// rated records are in the ledger before this returns.
    /// </summary>
    [Alias("RateUsage")]
    Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false);
}
