using NMcs.Abstractions.Contracts;

namespace NMcs.Abstractions.Grains;

/// <summary>A SIM, keyed by ICCID: lifecycle, subscription and real-time rating of its usage.</summary>
[Alias("nmcs.ISimGrain")]
public interface ISimGrain : IGrainWithStringKey
{
    /// <summary>Registers the SIM into inventory.</summary>
    [Alias("Register")]
    Task<SimInfo> Register(string imsi, string msisdn);

    /// <summary>Assigns the SIM to a customer, and to one of its accounts (the payer account when <paramref name="accountId"/> is null).</summary>
    [Alias("Assign")]
    Task<SimInfo> Assign(string customerId, string? accountId = null);

    /// <summary>Activates the SIM on a product version for the account it is assigned to.</summary>
    [Alias("Activate")]
    Task<SimInfo> Activate(string productId, int? productVersion);

    /// <summary>Suspends the active subscription from now; recurring charges follow the product's suspension policy.</summary>
    [Alias("Suspend")]
    Task<SimInfo> Suspend();

    /// <summary>Resumes a suspended subscription from now.</summary>
    [Alias("Reactivate")]
    Task<SimInfo> Reactivate();

    /// <summary>Terminates the subscription now; the next invoice carries the final prorated charges and termination fees.</summary>
    [Alias("Terminate")]
    Task<SimInfo> Terminate();

    /// <summary>
    /// Moves the SIM to another product, now or at the start of the payer's next billing cycle: the old subscription
    /// ends and a new one starts at that instant (credit for the unused old plan, charge for the new one).
    /// </summary>
    [Alias("ChangePlan")]
    Task<SimInfo> ChangePlan(string productId, int? productVersion, bool atNextCycle);

    /// <summary>The SIM, or null when it is not registered.</summary>
    [Alias("GetInfo")]
    Task<SimInfo?> GetInfo();

    /// <summary>
    /// Rates a batch of this SIM's records. Records whose id is already in the ledger come back as duplicates;
    /// rated records are in the ledger before this returns.
    /// </summary>
    [Alias("RateUsage")]
    Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false);

    /// <summary>
    /// Applies one order item to this SIM after its network steps ran: checks the move against the lifecycle table and
    /// makes it. Idempotent per (<paramref name="orderId"/>, item id): applying the same item again returns the SIM as it is.
    /// </summary>
    [Alias("ApplyOrderItem")]
    Task<SimInfo> ApplyOrderItem(string orderId, OrderItemRequest item);

    /// <summary>Receives the subscription and MSISDN of a SIM swap (the order calls it through the old SIM). Idempotent per swap.</summary>
    [Alias("SwapIn")]
    Task<SimInfo> SwapIn(string orderId, SimSwapTransfer transfer);

    /// <summary>Network settings, test quota use, swap links and the last order of the SIM, or null when it is not registered.</summary>
    [Alias("GetProvisioning")]
    Task<SimProvisioningInfo?> GetProvisioning();

    /// <summary>The SIM and its network settings in one call (what an order plans from), or null when it is not registered.</summary>
    [Alias("GetForOrder")]
    Task<SimOrderView?> GetForOrder();
}
