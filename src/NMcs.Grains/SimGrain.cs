using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Catalog;
using NMcs.Grains.State;
using NMcs.Identifiers;
using NMcs.Rating;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains;

/// <summary>
/// A SIM: registration, assignment, activation, and real-time rating of its usage. Allowance consumption is
/// rebuilt from the usage ledger when the grain activates, so the ledger stays the one record of money.
/// </summary>
public sealed class SimGrain(
    [PersistentState("sim", NMcsStorage.Name)] IPersistentState<SimState> state,
    SimDirectory directory,
    ProductCatalog catalog,
    UsageLedger ledger,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, ISimGrain
{
    private Dictionary<(string Period, string Service), decimal>? _allowanceUsed;

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

        var product = await catalog.FindAsync(productId, productVersion)
            ?? throw new DomainException(
                "UNKNOWN_PRODUCT",
                "productId",
                productVersion is null
                    ? $"productId '{productId}' is not in the catalog; create it or pick one from the products query."
                    : $"productId '{productId}' has no version {productVersion}.");
        var customer = await GrainFactory.GetGrain<ICustomerGrain>(state.State.CustomerId!).GetInfo()
            ?? throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customer {state.State.CustomerId} no longer exists.");
        if (product.Currency.Code != customer.Currency)
        {
            throw new DomainException(
                "CURRENCY_MISMATCH",
                "productId",
                $"product {product.Id} is priced in {product.Currency} but customer {customer.Id} is billed in {customer.Currency}; choose a product in {customer.Currency}.");
        }

        var subscription = new SubscriptionInfo($"{Iccid}-{product.Id}-{product.Version}", Iccid, customer.AccountId, product.Id, product.Version, clock.GetUtcNow());
        await GrainFactory.GetGrain<IAccountGrain>(customer.AccountId).AddSubscription(subscription);
        state.State.Subscription = subscription;
        state.State.AccountTimeZone = customer.TimeZone;
        state.State.Status = SimStatus.Active;
        await state.WriteStateAsync();
        _allowanceUsed = null;
        return Describe();
    }

    /// <inheritdoc />
    public Task<SimInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<UsageRecordIn> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var started = Stopwatch.GetTimestamp();
        var outcomes = new UsageOutcome?[records.Count];
        var subscription = state.State.Subscription;
        if (!state.RecordExists || state.State.Status != SimStatus.Active || subscription is null)
        {
            var status = state.RecordExists ? state.State.Status.ToString() : "not registered";
            return records.Select(r => UsageOutcome.Rejected(r.Index, r.RecordId, "iccid", $"iccid {Iccid} is {status}; usage is rated only for an active SIM.")).ToList();
        }

        var product = await catalog.FindAsync(subscription.ProductId, subscription.ProductVersion)
            ?? throw new InvalidOperationException($"product {subscription.ProductId} v{subscription.ProductVersion} vanished from the catalog");
        _allowanceUsed ??= await ledger.AllowanceUsedAsync(Iccid, subscription.ProductId);

        var existing = await ledger.FindExistingAsync(records.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal));
        var seenInBatch = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<RatedUsageRow>();
        var rowIndex = new List<int>();
        var pendingAllowance = new Dictionary<(string, string), decimal>(_allowanceUsed);
        var now = clock.GetUtcNow();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (existing.Contains(record.RecordId) || !seenInBatch.Add(record.RecordId))
            {
                outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Duplicate, null, null, null);
                continue;
            }

            if (record.OccurredAt < subscription.ActivatedAt)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, "timestamp", $"timestamp {record.OccurredAt:O} is before iccid {Iccid} was activated ({subscription.ActivatedAt:O}).");
                continue;
            }

            try
            {
                var service = UsageUnits.ParseService(record.ServiceType);
                var period = BillingPeriod.MonthlyContaining(record.OccurredAt, state.State.AccountTimeZone).Key;
                var key = (period, service.ToString());
                var rated = UsageRater.Rate(product, new UsageToRate(record.RecordId, service, record.BaseQuantity, record.OccurredAt), pendingAllowance.GetValueOrDefault(key));
                pendingAllowance[key] = pendingAllowance.GetValueOrDefault(key) + rated.IncludedUnits;
                rows.Add(new RatedUsageRow(
                    record.RecordId, Iccid, subscription.AccountId, period, service.ToString(), record.Quantity, record.Unit, record.OccurredAt,
                    rated.ProductId, rated.ProductVersion, rated.RateUnit, rated.Units, rated.IncludedUnits, rated.BillableUnits,
                    rated.PricePerUnit, rated.Amount, rated.RoundedAmount, rated.Currency, rated.Steps, now, null));
                rowIndex.Add(i);
                outcomes[i] = new UsageOutcome(record.Index, record.RecordId, UsageOutcomeStatus.Rated, null, null, rated.Amount);
            }
            catch (DomainException e)
            {
                outcomes[i] = UsageOutcome.Rejected(record.Index, record.RecordId, e.Field, e.Message);
            }
        }

        var conflicts = await ledger.AppendAsync(rows);
        if (conflicts.Count == 0)
        {
            _allowanceUsed = pendingAllowance;
        }
        else
        {
            // Another SIM claimed some of these record ids first: they are duplicates, and the allowance is re-read
            // from what the ledger really holds.
            for (var j = 0; j < rows.Count; j++)
            {
                if (conflicts.Contains(rows[j].RecordId))
                {
                    var i = rowIndex[j];
                    outcomes[i] = outcomes[i]! with { Status = UsageOutcomeStatus.Duplicate, Amount = null };
                }
            }

            _allowanceUsed = await ledger.AllowanceUsedAsync(Iccid, subscription.ProductId);
        }

        NMcsMetrics.RatingDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return outcomes.Select(o => o!).ToList();
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
