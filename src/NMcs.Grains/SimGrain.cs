using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.Orders;
using NMcs.Grains.Provisioning;
using NMcs.Grains.State;
using NMcs.Identifiers;
using NMcs.Storage;
using NMcs.Storage.Orders;

namespace NMcs.Grains;

/// <summary>
/// A SIM: registration, its lifecycle (the states and moves of <see cref="SimLifecycle"/>), and real-time rating of
/// its usage. Orders change it through <see cref="ApplyOrderItem"/>; allowance consumption is rebuilt from the usage
/// ledger, so the ledger stays the one record of money. Usage in TEST_READY counts against the free test quota and is
/// not charged; after a SIM swap, usage from the swap instant is the new SIM's (records reaching the old SIM are
/// passed on).
/// </summary>
public sealed class SimGrain(
    [PersistentState("sim", NMcsStorage.Name)] IPersistentState<SimState> state,
    SimDirectory directory,
    SimSwapDirectory swapDirectory,
    ProductCatalog catalog,
    SimLifecycleOptions lifecycle,
    IProvisioningEventPublisher events,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, ISimGrain
{
    /// <summary>How many applied order item keys are kept (a resumed order repeats only its latest items).</summary>
    private const int AppliedKeysKept = 64;

    private string? _orderId;
    private string? _orderKey;

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
        await SaveAsync(SimStatus.Unknown, "registered");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Assign(string customerId, string? accountId = null)
    {
        EnsureRegistered();
        if (state.State.Status is not (SimStatus.Inventory or SimStatus.TestReady)
            && state.State.CustomerId == customerId
            && (accountId is null || accountId == state.State.AccountId))
        {
            return Describe();
        }

        if (state.State.Status is not (SimStatus.Inventory or SimStatus.TestReady))
        {
            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {SimLifecycle.ApiName(state.State.Status)} for customer {state.State.CustomerId}; only an INVENTORY or TEST_READY SIM can be assigned.");
        }

        var previous = state.State.Status;
        var (customer, resolvedAccount) = await CustomerAndAccountAsync(customerId, accountId);
        state.State.CustomerId = customerId;
        state.State.AccountId = resolvedAccount;
        state.State.AccountTimeZone = customer.TimeZone;
        state.State.Status = SimStatus.ActivationReady;
        await SaveAsync(previous, $"assigned to {customerId}");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Activate(string productId, int? productVersion)
    {
        EnsureRegistered();
        if (state.State.Status == SimStatus.Activated)
        {
            if (state.State.Subscription!.ProductId == productId && (productVersion is null || productVersion == state.State.Subscription.ProductVersion))
            {
                return Describe();
            }

            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is already ACTIVATED on {state.State.Subscription.ProductId}; use changePlan to move it to another product.");
        }

        if (state.State.Status is not (SimStatus.ActivationReady or SimStatus.TestReady) || state.State.CustomerId is null)
        {
            throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} is {SimLifecycle.ApiName(state.State.Status)}; assign it to a customer before activating it (activate is allowed from ACTIVATION_READY, or TEST_READY with a customer).");
        }

        var previous = state.State.Status;
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
        state.State.Status = SimStatus.Activated;
        await SaveAsync(previous, $"activated on {product.Id} v{product.Version}");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Suspend()
    {
        var subscription = RequireMove(OrderKind.Suspend);
        var now = clock.GetUtcNow();
        var updated = subscription with { Suspensions = [.. subscription.Suspensions ?? [], new SuspensionSpan(now, null)] };
        await GrainFactory.GetGrain<IAccountGrain>(updated.AccountId).UpdateSubscription(updated);
        state.State.Subscription = updated;
        state.State.Status = SimStatus.Deactivated;
        await SaveAsync(SimStatus.Activated, "suspended");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Reactivate()
    {
        var subscription = RequireMove(OrderKind.Resume);
        var now = clock.GetUtcNow();
        var spans = (subscription.Suspensions ?? []).ToList();
        spans[^1] = spans[^1] with { To = now };
        var updated = subscription with { Suspensions = spans };
        await GrainFactory.GetGrain<IAccountGrain>(updated.AccountId).UpdateSubscription(updated);
        state.State.Subscription = updated;
        state.State.Status = SimStatus.Activated;
        await SaveAsync(SimStatus.Deactivated, "resumed");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> Terminate()
    {
        var subscription = RequireMove(OrderKind.Terminate);
        var previous = state.State.Status;
        var now = clock.GetUtcNow();
        var spans = (subscription.Suspensions ?? []).ToList();
        if (spans.Count > 0 && spans[^1].To is null)
        {
            spans[^1] = spans[^1] with { To = now };
        }

        var updated = subscription with { EndedAt = now, EndReason = SubscriptionEnd.Terminated, Suspensions = spans };
        await GrainFactory.GetGrain<IAccountGrain>(updated.AccountId).UpdateSubscription(updated);
        state.State.Subscription = updated;
        state.State.Status = SimStatus.Retired;
        await SaveAsync(previous, "terminated");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> ChangePlan(string productId, int? productVersion, bool atNextCycle)
    {
        var current = RequireMove(OrderKind.ChangePlan);
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
        await SaveAsync(SimStatus.Activated, $"plan change to {product.Id} v{product.Version} at {at:O}");
        return Describe();
    }

    /// <inheritdoc />
    public async Task<SimInfo> ApplyOrderItem(string orderId, OrderItemRequest item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = orderId + "/" + item.Id;
        if (state.RecordExists && state.State.AppliedOrderItems.Contains(key))
        {
            return Describe();
        }

        EnsureRegistered();
        SimLifecycle.Require(Iccid, state.State.Status, item.Kind);
        _orderId = orderId;
        _orderKey = key;
        try
        {
            return item.Kind switch
            {
                OrderKind.Activate => await Activate(OrderItemRules.Required(item.ProductId, "productId", "activate"), item.ProductVersion),
                OrderKind.Suspend => await Suspend(),
                OrderKind.Resume => await Reactivate(),
                OrderKind.Terminate => await Terminate(),
                OrderKind.ChangePlan => await ChangePlan(OrderItemRules.Required(item.ProductId, "productId", "changePlan"), item.ProductVersion, item.AtNextCycle),
                OrderKind.Assign => await Assign(OrderItemRules.Required(item.CustomerId, "customerId", "assign"), item.AccountId),
                OrderKind.StartTest => await StartTestAsync(item),
                OrderKind.AssignApn => await SetNetworkAsync(OrderItemRules.Apn(item.Apn), state.State.FixedIp, $"APN {item.Apn}"),
                OrderKind.AssignFixedIp => await SetNetworkAsync(state.State.Apn, OrderItemRules.FixedIp(item.FixedIp), $"fixed IP {item.FixedIp}"),
                OrderKind.SimSwap => await SwapOutAsync(orderId, item),
                OrderKind.Purge => await PurgeAsync(),
                _ => throw new DomainException("INVALID_ORDER", "kind", $"kind {item.Kind} is not an order kind."),
            };
        }
        finally
        {
            _orderId = null;
            _orderKey = null;
        }
    }

    /// <inheritdoc />
    public async Task<SimInfo> SwapIn(string orderId, SimSwapTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var key = orderId + "/swap-in";
        if (state.RecordExists && (state.State.AppliedOrderItems.Contains(key) || state.State.SwappedFromIccid == transfer.FromIccid))
        {
            return Describe();
        }

        if (state.RecordExists && state.State.Status != SimStatus.Inventory)
        {
            throw new DomainException("NEW_SIM_NOT_AVAILABLE", "newIccid", $"newIccid {Iccid} is {SimLifecycle.ApiName(state.State.Status)}; a SIM swap needs an unregistered or INVENTORY SIM.");
        }

        var previous = state.RecordExists ? state.State.Status : SimStatus.Unknown;
        var applied = state.RecordExists ? state.State.AppliedOrderItems : [];
        state.State = new SimState
        {
            Imsi = transfer.Imsi,
            Msisdn = transfer.Msisdn,
            Status = transfer.Status,
            CustomerId = transfer.CustomerId,
            AccountId = transfer.AccountId,
            AccountTimeZone = transfer.AccountTimeZone,
            Subscription = transfer.Subscription,
            History = [.. transfer.History],
            Apn = transfer.Apn,
            FixedIp = transfer.FixedIp,
            SwappedFromIccid = transfer.FromIccid,
            SwappedAt = transfer.At,
            AppliedOrderItems = applied,
        };
        _orderId = orderId;
        _orderKey = key;
        try
        {
            await SaveAsync(previous, $"swapped in for {transfer.FromIccid}");
        }
        finally
        {
            _orderId = null;
            _orderKey = null;
        }

        return Describe();
    }

    /// <inheritdoc />
    public Task<SimProvisioningInfo?> GetProvisioning() => Task.FromResult(state.RecordExists
        ? new SimProvisioningInfo(
            Iccid,
            state.State.Apn,
            state.State.FixedIp,
            state.State.StatusChangedAt,
            state.State.LastOrderId,
            state.State.TestDataBytes,
            state.State.TestSms,
            state.State.TestVoiceSeconds,
            state.State.SwappedFromIccid,
            state.State.SwappedToIccid,
            state.State.SwappedAt,
            state.State.TestProductId)
        : null);

    /// <inheritdoc />
    public Task<SimInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task<SimOrderView?> GetForOrder() =>
        await GetProvisioning() is { } provisioning ? new SimOrderView(Describe(), provisioning) : null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (state.RecordExists && state.State.Status == SimStatus.TestReady)
        {
            return await CountTestUsageAsync(records);
        }

        var outcomes = new List<UsageOutcome>();
        if (state.RecordExists && state.State is { SwappedToIccid: { } newIccid, SwappedAt: { } swappedAt })
        {
            // The subscription and MSISDN moved to the new SIM at the swap instant: later usage is the new SIM's,
            // whichever identifier the element reported it under.
            var later = records.Where(r => r.OccurredAt >= swappedAt).Select(r => r with { Iccid = newIccid }).ToList();
            if (later.Count > 0)
            {
                outcomes.AddRange(await GrainFactory.GetGrain<ISimGrain>(newIccid).RateUsage(later, resumeSuspended));
                records = records.Where(r => r.OccurredAt < swappedAt).ToList();
            }
        }

        if (records.Count == 0)
        {
            return outcomes;
        }

        var subscriptions = RatingSubscriptions();
        if (!state.RecordExists || state.State.Status is not (SimStatus.Activated or SimStatus.Deactivated or SimStatus.Retired) || subscriptions.Count == 0)
        {
            var status = state.RecordExists ? SimLifecycle.ApiName(state.State.Status) : "not registered";
            outcomes.AddRange(records.Select(r => UsageOutcome.Rejected(r.Index, r.RecordId, "iccid", $"iccid {Iccid} is {status}; usage is rated only for an ACTIVATED SIM.")));
            return outcomes;
        }

        // Rating happens in the paying account: pooled allowances and account-wide tiers are its counters.
        outcomes.AddRange(await GrainFactory.GetGrain<IAccountGrain>(subscriptions[^1].AccountId).RateUsage(subscriptions, records, resumeSuspended));
        return outcomes;
    }

    private async Task<IReadOnlyList<UsageOutcome>> CountTestUsageAsync(IReadOnlyList<UsageRecordIn> records)
    {
        var outcomes = new List<UsageOutcome>(records.Count);
        var changed = false;
        foreach (var record in records)
        {
            if (state.State.TestRecordIds.Contains(record.RecordId))
            {
                outcomes.Add(new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Duplicate, null, null, null));
                continue;
            }

            if (state.State.TestQuotaUsedAt is not null)
            {
                outcomes.Add(UsageOutcome.Rejected(record.Index, record.RecordId, "iccid", $"iccid {Iccid} has used its test quota and is leaving TEST_READY; activate it to rate further usage."));
                continue;
            }

            switch (record.ServiceType)
            {
                case "DATA":
                    state.State.TestDataBytes += record.BaseQuantity;
                    break;
                case "SMS":
                    state.State.TestSms += record.BaseQuantity;
                    break;
                case "VOICE":
                    state.State.TestVoiceSeconds += record.DurationSeconds is double seconds ? (decimal)seconds : record.BaseQuantity;
                    break;
                default:
                    break;
            }

            state.State.TestRecordIds.Add(record.RecordId);
            changed = true;

            // Test usage is free: the record is accepted with no charge and never reaches the ledger.
            outcomes.Add(new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Rated, null, null, 0m));
            if (state.State.TestDataBytes >= lifecycle.TestDataBytes || state.State.TestSms >= lifecycle.TestSms || state.State.TestVoiceSeconds >= lifecycle.TestVoiceSeconds)
            {
                state.State.TestQuotaUsedAt = clock.GetUtcNow();
            }
        }

        if (changed)
        {
            await SaveAsync(SimStatus.TestReady, state.State.TestQuotaUsedAt is null ? "test usage" : "test quota used");
        }

        if (state.State.TestQuotaUsedAt is not null)
        {
            SubmitAfterTestOrder();
        }

        return outcomes;
    }

    /// <summary>
    /// The quota is used: an order moves the SIM on (its id is fixed per SIM, so submitting it again returns the same
    /// order). Sent without waiting, off this turn: the order calls back into this grain.
    /// </summary>
    private void SubmitAfterTestOrder()
    {
        if (state.State.CustomerId is null)
        {
            // No customer to move it to: it stays TEST_READY with its quota used until an assign order.
            return;
        }

        var item = lifecycle.AfterTest == SimStatus.Activated && state.State.TestProductId is { } productId
            ? new OrderItemRequest("1", OrderKind.Activate, Iccid, productId, state.State.TestProductVersion)
            : new OrderItemRequest("1", OrderKind.Assign, Iccid, CustomerId: state.State.CustomerId, AccountId: state.State.AccountId);
        var request = new OrderRequest(OrderItemRules.SystemSubmitter, [item], Description: "test quota used");
        GrainFactory.GetGrain<IOrderGrain>(OrderItemRules.AfterTestOrderId(Iccid)).Submit(request, OrderItemRules.Hash(request)).Ignore();
    }

    private async Task<SimInfo> StartTestAsync(OrderItemRequest item)
    {
        if (item.CustomerId is { } customerId)
        {
            var (customer, accountId) = await CustomerAndAccountAsync(customerId, item.AccountId);
            state.State.CustomerId = customerId;
            state.State.AccountId = accountId;
            state.State.AccountTimeZone = customer.TimeZone;
        }

        state.State.TestProductId = item.ProductId;
        state.State.TestProductVersion = item.ProductVersion;
        state.State.TestDataBytes = 0;
        state.State.TestSms = 0;
        state.State.TestVoiceSeconds = 0;
        state.State.TestQuotaUsedAt = null;
        state.State.Status = SimStatus.TestReady;
        await SaveAsync(SimStatus.Inventory, "test quota opened");
        return Describe();
    }

    private async Task<SimInfo> SetNetworkAsync(string? apn, string? fixedIp, string detail)
    {
        state.State.Apn = apn;
        state.State.FixedIp = fixedIp;
        await SaveAsync(state.State.Status, detail);
        return Describe();
    }

    private async Task<SimInfo> PurgeAsync()
    {
        state.State.Status = SimStatus.Purged;
        await SaveAsync(SimStatus.Retired, "purged");
        return Describe();
    }

    private async Task<SimInfo> SwapOutAsync(string orderId, OrderItemRequest item)
    {
        var subscription = state.State.Subscription ?? throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} has no subscription to move.");
        var newIccid = SimIdentifiers.ValidateIccid(OrderItemRules.Required(item.NewIccid, "newIccid", "simSwap"));
        if (newIccid == Iccid)
        {
            throw new DomainException("INVALID_ORDER", "newIccid", $"newIccid {newIccid} is the SIM being replaced; give the ICCID of the new SIM.");
        }

        var newSim = GrainFactory.GetGrain<ISimGrain>(newIccid);
        var newInfo = await newSim.GetInfo();
        var alreadyIn = newInfo is not null && (await newSim.GetProvisioning())?.SwappedFromIccid == Iccid;
        if (newInfo is not null && newInfo.Status != SimStatus.Inventory && !alreadyIn)
        {
            throw new DomainException("NEW_SIM_NOT_AVAILABLE", "newIccid", $"newIccid {newIccid} is {SimLifecycle.ApiName(newInfo.Status)}; a SIM swap needs an unregistered or INVENTORY SIM.");
        }

        var imsi = item.NewImsi is { } given ? SimIdentifiers.ValidateImsi(given) : newInfo?.Imsi
            ?? throw new DomainException("INVALID_ORDER", "newImsi", $"newIccid {newIccid} is not registered; give its newImsi.");
        if (newInfo is not null && newInfo.Imsi != imsi)
        {
            throw new DomainException("INVALID_ORDER", "newImsi", $"newIccid {newIccid} is registered with imsi {newInfo.Imsi}, not {imsi}; leave newImsi out or correct it.");
        }

        var taken = await swapDirectory.SwapAsync(Iccid, newIccid, imsi, state.State.Msisdn, clock.GetUtcNow());
        if (taken is not null)
        {
            throw new DomainException("IDENTIFIER_TAKEN", taken == "imsi" ? "newImsi" : taken, $"{taken} of the new SIM already belongs to another SIM; pick another SIM.");
        }

        // The account's copy tells whether a run before a crash moved the subscription already: then it keeps that
        // swap instant, so the swap is charged once.
        var account = GrainFactory.GetGrain<IAccountGrain>(subscription.AccountId);
        var onAccount = (await account.GetInfo())?.Subscriptions.FirstOrDefault(s => s.Id == subscription.Id);
        var at = onAccount is { Iccid: var moved, SimSwaps: { Count: > 0 } swapsSoFar } && moved == newIccid ? swapsSoFar[^1] : clock.GetUtcNow();
        var movedSubscription = subscription with { Iccid = newIccid, SimSwaps = onAccount?.Iccid == newIccid ? onAccount.SimSwaps : [.. subscription.SimSwaps ?? [], at] };
        var movedHistory = state.State.History.Select(h => h with { Iccid = newIccid }).ToList();
        foreach (var h in movedHistory)
        {
            await account.UpdateSubscription(h);
        }

        await account.UpdateSubscription(movedSubscription);
        await newSim.SwapIn(orderId, new SimSwapTransfer(
            Iccid,
            imsi,
            state.State.Msisdn,
            state.State.CustomerId!,
            subscription.AccountId,
            state.State.AccountTimeZone,
            movedSubscription,
            state.State.Status,
            state.State.Apn,
            state.State.FixedIp,
            at,
            movedHistory));

        // This SIM keeps the subscription's past up to the swap, for late usage of its own.
        var previous = state.State.Status;
        state.State.History = state.State.History.Select(h => h with { EndedAt = Earlier(h.EndedAt, at) }).ToList();
        state.State.Subscription = subscription with { EndedAt = Earlier(subscription.EndedAt, at), EndReason = null };
        state.State.SwappedToIccid = newIccid;
        state.State.SwappedAt = at;
        state.State.Status = SimStatus.Retired;
        await SaveAsync(previous, $"swapped out for {newIccid}");
        return Describe();
    }

    private static DateTimeOffset Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private async Task<(CustomerInfo Customer, string AccountId)> CustomerAndAccountAsync(string customerId, string? accountId)
    {
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

        return (customer, accountId ?? customer.AccountId);
    }

    private SubscriptionInfo RequireMove(OrderKind kind)
    {
        EnsureRegistered();
        SimLifecycle.Require(Iccid, state.State.Status, kind);
        return state.State.Subscription
            ?? throw new DomainException("ILLEGAL_TRANSITION", "iccid", $"iccid {Iccid} has no subscription ({SimLifecycle.ApiName(kind)} refused, nothing changed).");
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

    /// <summary>Stores the state, records the order item being applied, and reports the change.</summary>
    private async Task SaveAsync(SimStatus previous, string detail)
    {
        var now = clock.GetUtcNow();
        if (state.State.Status != previous)
        {
            state.State.StatusChangedAt = now;
        }

        if (_orderKey is not null)
        {
            state.State.LastOrderId = _orderId;
            state.State.AppliedOrderItems.Add(_orderKey);
            if (state.State.AppliedOrderItems.Count > AppliedKeysKept)
            {
                state.State.AppliedOrderItems.RemoveRange(0, state.State.AppliedOrderItems.Count - AppliedKeysKept);
            }
        }

        await state.WriteStateAsync();
        events.Publish(new ProvisioningEvent(
            ProvisioningEventKind.SimState,
            _orderId,
            Iccid,
            state.State.CustomerId,
            SimLifecycle.ApiName(state.State.Status),
            previous == SimStatus.Unknown ? null : SimLifecycle.ApiName(previous),
            now,
            detail));
    }

    private void EnsureRegistered()
    {
        if (!state.RecordExists || state.State.Status == SimStatus.Unknown)
        {
            throw new DomainException("UNKNOWN_SIM", "iccid", $"iccid {Iccid} is not registered; register it into inventory first.");
        }
    }

    /// <summary>
    /// The subscriptions as this SIM rates and shows them: after a swap-in they start at the swap instant, so usage
    /// before it stays with the old SIM (whose copies end there).
    /// </summary>
    private List<SubscriptionInfo> RatingSubscriptions()
    {
        var all = state.State.Subscription is null ? state.State.History.ToList() : [.. state.State.History, state.State.Subscription];
        if (state.State.SwappedFromIccid is null || state.State.SwappedAt is not { } from)
        {
            return all;
        }

        return all
            .Where(s => s.EndedAt is null || s.EndedAt > from)
            .Select(s => s.ActivatedAt < from ? s with { ActivatedAt = from } : s)
            .ToList();
    }

    private SimInfo Describe()
    {
        var subscriptions = RatingSubscriptions();
        var current = state.State.Subscription is null || subscriptions.Count == 0 ? state.State.Subscription : subscriptions[^1];
        var history = state.State.Subscription is null || subscriptions.Count == 0 ? subscriptions : subscriptions.Take(subscriptions.Count - 1).ToList();
        return new(
            Iccid,
            state.State.Imsi,
            state.State.Msisdn,
            state.State.Status,
            state.State.CustomerId,
            current,
            state.State.AccountId,
            history);
    }
}
