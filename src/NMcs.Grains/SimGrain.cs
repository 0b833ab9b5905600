using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.State;
using NMcs.Identifiers;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>
/// A SIM: registration, assignment, activation, and real-time rating of its usage. Allowance consumption is
/// rebuilt from the usage ledger when the grain activates, so the ledger stays the one record of money.
/// </summary>
public sealed class SimGrain(
    [PersistentState("sim", NMcsStorage.Name)] IPersistentState<SimState> state,
    SimDirectory directory,
    ProductCatalog catalog,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, ISimGrain
{
    private string Iccid => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<SimInfo> Register(string imsi, string msisdn)
    {
        SimIdentifiers.ValidateIccid(Iccid);
        imsi = SimIdentifiers.ValidateImsi(imsi);
        msisdn = SimIdentifiers.ValidateMsisdn(msisdn);
        if (state.RecordExists)
        {
            if (state.State.Imsi == imsi && state.State.Msisdn == msisdn)
            {
                return Describe();
            }

            throw new DomainException("SIM_EXISTS", "iccid", $"iccid {Iccid} is already registered with other identifiers (imsi {state.State.Imsi}).");
        }

        var taken = await directory.RegisterAsync(Iccid, imsi, msisdn);
        if (taken is not null)
        {
            if (taken == "iccid")
            {
                throw new DomainException("SIM_EXISTS", "iccid", $"iccid {Iccid} is already registered with other identifiers; SIM swaps and number changes go through orders.");
            }

            var value = taken == "imsi" ? imsi : msisdn;
            throw new DomainException("IDENTIFIER_TAKEN", taken, $"{taken} {value} already belongs to another SIM; check the SIM delivery file.");
        }

        state.State = new SimState { Imsi = imsi, Msisdn = msisdn, Status = SimStatus.Inventory };
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Assign(string customerId)
    {
        EnsureRegistered();
        if (state.State.Status != SimStatus.Inventory)
        {
            if (state.State.CustomerId == customerId)
            {
                return Describe();
            }

            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {state.State.Status} for customer {state.State.CustomerId}; only an inventory SIM can be assigned.");
        }

        if (await GrainFactory.GetGrain<ICustomerGrain>(customerId).GetInfo() is null)
        {
            throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customerId '{customerId}' does not exist; create the customer first.");
        }

        state.State.CustomerId = customerId;
        state.State.Status = SimStatus.Assigned;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Activate(string productId, int? productVersion)
    {
        EnsureRegistered();
        if (state.State.Status == SimStatus.Active)
        {
            if (state.State.Subscription!.ProductId == productId && (productVersion is null || productVersion == state.State.Subscription.ProductVersion))
            {
                return Describe();
            }

            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is already active on {state.State.Subscription.ProductId}; plan change is not available yet.");
        }

        if (state.State.Status != SimStatus.Assigned)
        {
            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {state.State.Status}; assign it to a customer before activating it.");
        }

        var versions = await catalog.VersionsAsync(productId);
        var now = clock.GetUtcNow();
        var product = productVersion is int v ? versions.Find(v) : versions.InForceAt(now);
        if (product is null || product.Status != NMcs.Catalog.Model.LifecycleStatus.Published)
        {
            throw new DomainException(
                "UNKNOWN_PRODUCT",
                "productId",
                versions.Versions.Count == 0
                    ? $"productId '{productId}' is not in the catalog; create it or pick one from the products query."
                    : productVersion is null
                        ? $"productId '{productId}' has no published version in force now; publish one first."
                        : $"productId '{productId}' version {productVersion} does not exist or is not published.");
        }

        if (product.RecurringCharges.FirstOrDefault(c => c.Period != NMcs.Catalog.Model.ChargePeriod.Monthly) is { } unsupported)
        {
            throw new DomainException(
                "BILLING_CYCLE_NOT_SUPPORTED",
                "productId",
                $"product {product.Id} v{product.Version} has a {unsupported.Period} recurring charge '{unsupported.Id}'; bill runs support monthly recurring charges only so far.");
        }

        var customer = await GrainFactory.GetGrain<ICustomerGrain>(state.State.CustomerId!).GetInfo()
            ?? throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customer {state.State.CustomerId} no longer exists.");
        if (product.Currency.Code != customer.Currency)
        {
            throw new DomainException(
                "CURRENCY_MISMATCH",
                "productId",
                $"product {product.Id} is priced in {product.Currency} but customer {customer.Id} is billed in {customer.Currency}; choose a product in {customer.Currency}.");
        }

        var subscription = new SubscriptionInfo($"{Iccid}-{product.Id}-{product.Version}", Iccid, customer.AccountId, product.Id, product.Version, now);
        await GrainFactory.GetGrain<IAccountGrain>(customer.AccountId).AddSubscription(subscription);
        state.State.Subscription = subscription;
        state.State.AccountTimeZone = customer.TimeZone;
        state.State.Status = SimStatus.Active;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public Task<SimInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        var subscription = state.State.Subscription;
        if (!state.RecordExists || state.State.Status != SimStatus.Active || subscription is null)
        {
            var status = state.RecordExists ? state.State.Status.ToString() : "not registered";
            return records.Select(r => UsageOutcome.Rejected(r.Index, r.RecordId, "iccid", $"iccid {Iccid} is {status}; usage is rated only for an active SIM.")).ToList();
        }

        // Rating happens in the paying account: pooled allowances and account-wide tiers are its counters.
        return await GrainFactory.GetGrain<IAccountGrain>(subscription.AccountId).RateUsage([subscription], records, resumeSuspended);
    }

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new DomainException("UNKNOWN_SIM", "iccid", $"iccid {Iccid} is not registered; register it into inventory first.");
        }
    }

    private SimInfo Describe() => new(
        Iccid,
        state.State.Imsi,
        state.State.Msisdn,
        state.State.Status,
        state.State.CustomerId,
        state.State.Subscription);
}
