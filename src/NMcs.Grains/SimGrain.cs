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
    public async Task<SimInfo> Assign(string customerId, string? accountId = null)
    {
        EnsureRegistered();
        if (state.State.Status != SimStatus.Inventory)
        {
            if (state.State.CustomerId == customerId && (accountId is null || accountId == state.State.AccountId))
            {
                return Describe();
            }

            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {state.State.Status} for customer {state.State.CustomerId}; only an inventory SIM can be assigned.");
        }

        var customer = await GrainFactory.GetGrain<ICustomerGrain>(customerId).GetInfo()
            ?? throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customerId '{customerId}' does not exist; create the customer first.");
        if (accountId is not null && accountId != customer.AccountId)
        {
            var account = await GrainFactory.GetGrain<IAccountGrain>(accountId).GetInfo();
            if (account is null || account.CustomerId != customerId)
            {
                throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{accountId}' is not an account of customer {customerId}; open it with openAccount first.");
            }
        }

        state.State.CustomerId = customerId;
        state.State.AccountId = accountId ?? customer.AccountId;
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

            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is already active on {state.State.Subscription.ProductId}; use changePlan to move it to another product.");
        }

        if (state.State.Status != SimStatus.Assigned)
        {
            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {state.State.Status}; assign it to a customer before activating it.");
        }

        var now = clock.GetUtcNow();
        var customer = await GrainFactory.GetGrain<ICustomerGrain>(state.State.CustomerId!).GetInfo()
            ?? throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customer {state.State.CustomerId} no longer exists.");
        var product = await PublishedProductAsync(productId, productVersion, now, customer);
        var accountId = state.State.AccountId ?? customer.AccountId;
        var subscription = new SubscriptionInfo($"{Iccid}-{product.Id}-{product.Version}", Iccid, accountId, product.Id, product.Version, now);
        await GrainFactory.GetGrain<IAccountGrain>(accountId).AddSubscription(subscription);
        state.State.Subscription = subscription;
        state.State.AccountId = accountId;
        state.State.AccountTimeZone = customer.TimeZone;
        state.State.Status = SimStatus.Active;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Suspend()
    {
        var subscription = RequireStatus(SimStatus.Active, "suspend", "only an active SIM can be suspended");
        var now = clock.GetUtcNow();
        var updated = subscription with { Suspensions = [.. subscription.Suspensions ?? [], new SuspensionSpan(now, null)] };
        await GrainFactory.GetGrain<IAccountGrain>(updated.AccountId).UpdateSubscription(updated);
        state.State.Subscription = updated;
        state.State.Status = SimStatus.Suspended;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Reactivate()
    {
        var subscription = RequireStatus(SimStatus.Suspended, "resume", "only a suspended SIM can be resumed");
        var now = clock.GetUtcNow();
        var spans = (subscription.Suspensions ?? []).ToList();
        spans[^1] = spans[^1] with { To = now };
        var updated = subscription with { Suspensions = spans };
        await GrainFactory.GetGrain<IAccountGrain>(updated.AccountId).UpdateSubscription(updated);
        state.State.Subscription = updated;
        state.State.Status = SimStatus.Active;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Terminate()
    {
        EnsureRegistered();
        if (state.State.Status is not (SimStatus.Active or SimStatus.Suspended) || state.State.Subscription is null)
        {
            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {state.State.Status}; only an active or suspended SIM can be terminated.");
        }

        var now = clock.GetUtcNow();
        var subscription = state.State.Subscription;
        var spans = (subscription.Suspensions ?? []).ToList();
        if (spans.Count > 0 && spans[^1].To is null)
        {
            spans[^1] = spans[^1] with { To = now };
        }

        var updated = subscription with { EndedAt = now, EndReason = SubscriptionEnd.Terminated, Suspensions = spans };
        await GrainFactory.GetGrain<IAccountGrain>(updated.AccountId).UpdateSubscription(updated);
        state.State.Subscription = updated;
        state.State.Status = SimStatus.Terminated;
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> ChangePlan(string productId, int? productVersion, bool atNextCycle)
    {
        var current = RequireStatus(SimStatus.Active, "changePlan", "only an active SIM can change plan");
        var customer = await GrainFactory.GetGrain<ICustomerGrain>(state.State.CustomerId!).GetInfo()
            ?? throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customer {state.State.CustomerId} no longer exists.");
        var account = GrainFactory.GetGrain<IAccountGrain>(current.AccountId);
        var info = await account.GetInfo() ?? throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"account {current.AccountId} no longer exists.");
        var now = clock.GetUtcNow();
        var at = now;
        if (atNextCycle)
        {
            var cycle = NMcs.Time.BillingCycle.Parse(info.BillingCycle);
            at = cycle.Next(cycle.Containing(now, info.TimeZone)).StartUtc;
        }

        if (current.EndedAt is not null)
        {
            throw new DomainException("PLAN_CHANGE_PENDING", "iccid", $"iccid {Iccid} already has a plan change at {current.EndedAt:O}.");
        }

        var product = await PublishedProductAsync(productId, productVersion, at, customer);
        if (product.Id == current.ProductId && product.Version == current.ProductVersion)
        {
            throw new DomainException("SAME_PRODUCT", "productId", $"iccid {Iccid} is already on {product.Id} v{product.Version}; pick another product.");
        }

        var ended = current with { EndedAt = at, EndReason = SubscriptionEnd.PlanChanged };
        var next = new SubscriptionInfo($"{Iccid}-{product.Id}-{product.Version}-{at.ToUnixTimeSeconds()}", Iccid, current.AccountId, product.Id, product.Version, at);
        await account.UpdateSubscription(ended);
        await account.AddSubscription(next);
        state.State.History.Add(ended);
        state.State.Subscription = next;
        await state.WriteStateAsync();
        return Describe();
    }

    private SubscriptionInfo RequireStatus(SimStatus status, string action, string rule)
    {
        EnsureRegistered();
        if (state.State.Status != status || state.State.Subscription is null)
        {
            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {state.State.Status}; {rule} ({action} refused, nothing changed).");
        }

        return state.State.Subscription;
    }

    private async Task<NMcs.Catalog.Model.ProductOffering> PublishedProductAsync(string productId, int? productVersion, DateTimeOffset at, CustomerInfo customer)
    {
        var versions = await catalog.VersionsAsync(productId);
        var product = productVersion is int v ? versions.Find(v) : versions.InForceAt(at);
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

        if (product.Currency.Code != customer.Currency)
        {
            throw new DomainException(
                "CURRENCY_MISMATCH",
                "productId",
                $"product {product.Id} is priced in {product.Currency} but customer {customer.Id} is billed in {customer.Currency}; choose a product in {customer.Currency}.");
        }

        return product;
    }

    /// <inheritdoc />
    public Task<SimInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        var subscription = state.State.Subscription;
        if (!state.RecordExists || state.State.Status is not (SimStatus.Active or SimStatus.Suspended or SimStatus.Terminated) || subscription is null)
        {
            var status = state.RecordExists ? state.State.Status.ToString() : "not registered";
            return records.Select(r => UsageOutcome.Rejected(r.Index, r.RecordId, "iccid", $"iccid {Iccid} is {status}; usage is rated only for an active SIM.")).ToList();
        }

        // Rating happens in the paying account: pooled allowances and account-wide tiers are its counters.
        return await GrainFactory.GetGrain<IAccountGrain>(subscription.AccountId).RateUsage([.. state.State.History, subscription], records, resumeSuspended);
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
        state.State.Subscription,
        state.State.AccountId,
        state.State.History.ToList());
}
