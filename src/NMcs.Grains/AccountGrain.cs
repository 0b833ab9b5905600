using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.State;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains;

/// <summary>
/// A payer account: its subscriptions, its limits and its real-time charges from the usage ledger. Its usage is rated
/// by its rating partition (<see cref="RatingPartitionGrain"/>), which keeps the account's counters (pooled allowances
/// and account-wide tiers) and asks this grain for the account's profile; every change here is reported to it.
/// </summary>
public sealed class AccountGrain(
    [PersistentState(AccountGrain.StateName, NMcsStorage.Name)] IPersistentState<AccountState> state,
    UsageLedger ledger,
    AccountSubscriptionStore subscriptionStore,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, IAccountGrain
{
    // The account's subscriptions in the order they were added (rows of account_subscriptions, loaded at activation),
    // and the position of each in that list by subscription id.
    private List<SubscriptionInfo> _subscriptions = [];
    private Dictionary<string, int> _subscriptionAt = new(StringComparer.Ordinal);
    private string? _accountId;

    // The grain's key, read once (Orleans renders it from the grain id on every call).
    private string AccountId => _accountId ??= this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        _subscriptions = await subscriptionStore.ListAsync(id, cancellationToken);
        _subscriptionAt = _subscriptions.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        if (state.State.Subscriptions.Count > 0)
        {
            // Stored by a build that kept subscriptions in the account's state: move them to their table once.
            var moved = state.State.Subscriptions.Where(s => !_subscriptionAt.ContainsKey(s.Id)).ToList();
            await subscriptionStore.SaveAsync(id, moved.Select((s, i) => new SubscriptionWrite(s, _subscriptions.Count + i)).ToList(), clock.GetUtcNow(), cancellationToken);
            foreach (var subscription in moved)
            {
                _subscriptionAt[subscription.Id] = _subscriptions.Count;
                _subscriptions.Add(subscription);
            }

            state.State.Subscriptions = [];
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AccountInfo> Open(string customerId, string currency, string timeZone, string? taxJurisdiction = null, string billingCycle = "monthly")
    {
        var cycle = BillingCycle.Parse(billingCycle).ToString();
        if (state.RecordExists)
        {
            if (state.State.CustomerId != customerId)
            {
                throw new DomainException("ACCOUNT_EXISTS", "accountId", $"account {this.GetPrimaryKeyString()} belongs to customer {state.State.CustomerId}.");
            }

            return Describe();
        }

        state.State = new AccountState { CustomerId = customerId, Currency = currency, TimeZone = timeZone, TaxJurisdiction = taxJurisdiction, BillingCycle = cycle };
        await state.WriteStateAsync();
        await ChangedAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<AccountInfo> OpenChild(string customerId, string payerAccountId)
    {
        if (state.RecordExists)
        {
            if (state.State.CustomerId != customerId || state.State.PayerAccountId != payerAccountId)
            {
                throw new DomainException("ACCOUNT_EXISTS", "accountId", $"account {this.GetPrimaryKeyString()} already exists (customer {state.State.CustomerId}); choose another id.");
            }

            return Describe();
        }

        var payer = GrainFactory.GetGrain<IAccountGrain>(payerAccountId);
        var info = await payer.GetInfo()
            ?? throw new DomainException("UNKNOWN_ACCOUNT", "payerAccountId", $"payer account '{payerAccountId}' does not exist.");
        if (!info.IsPayer)
        {
            throw new DomainException("NOT_A_PAYER", "payerAccountId", $"account {payerAccountId} is itself paid by {info.PayerAccountId}; open the child under the payer.");
        }

        // A child bills with its payer: same currency, time zone, tax jurisdiction and cycle (counters reset together).
        state.State = new AccountState
        {
            CustomerId = customerId,
            Currency = info.Currency,
            TimeZone = info.TimeZone,
            TaxJurisdiction = info.TaxJurisdiction,
            BillingCycle = info.BillingCycle,
            PayerAccountId = payerAccountId,
        };
        await state.WriteStateAsync();
        await ChangedAsync();
        await payer.AddChild(this.GetPrimaryKeyString());
        return Describe();
    }

    /// <inheritdoc />
    public async Task AddChild(string childAccountId)
    {
        EnsureOpen();
        if (!state.State.ChildAccountIds.Contains(childAccountId))
        {
            state.State.ChildAccountIds.Add(childAccountId);
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task UpdateSubscription(SubscriptionInfo subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        EnsureOpen();
        if (!_subscriptionAt.TryGetValue(subscription.Id, out var index))
        {
            throw new DomainException("UNKNOWN_SUBSCRIPTION", "iccid", $"subscription {subscription.Id} is not on account {this.GetPrimaryKeyString()}.");
        }

        await subscriptionStore.SaveAsync(this.GetPrimaryKeyString(), [new SubscriptionWrite(subscription, index)], clock.GetUtcNow());
        _subscriptions[index] = subscription;
        await ChangedAsync();
    }

    /// <inheritdoc />
    public Task<AccountInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task<AccountInfo> SetCreditLimit(decimal? amount)
    {
        EnsureOpen();
        state.State.CreditLimit = CheckLimit(amount);
        await state.WriteStateAsync();
        await ChangedAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<AccountInfo> SetSimChargeLimit(string iccid, decimal? amount)
    {
        ArgumentNullException.ThrowIfNull(iccid);
        EnsureOpen();
        if (!_subscriptions.Any(s => s.Iccid == iccid))
        {
            throw new DomainException("UNKNOWN_SUBSCRIPTION", "iccid", $"iccid {iccid} has no subscription on account {this.GetPrimaryKeyString()}; set the limit on the account the SIM is activated for.");
        }

        if (CheckLimit(amount) is { } limit)
        {
            state.State.SimChargeLimits[iccid] = limit;
        }
        else
        {
            state.State.SimChargeLimits.Remove(iccid);
        }

        await state.WriteStateAsync();
        await ChangedAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task AddSubscription(SubscriptionInfo subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        EnsureOpen();
        if (_subscriptionAt.ContainsKey(subscription.Id))
        {
            return;
        }

        await subscriptionStore.SaveAsync(this.GetPrimaryKeyString(), [new SubscriptionWrite(subscription, _subscriptions.Count)], clock.GetUtcNow());
        _subscriptionAt[subscription.Id] = _subscriptions.Count;
        _subscriptions.Add(subscription);
        await ChangedAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageOutcome>> RateUsage(IReadOnlyList<SubscriptionInfo> subscriptions, IReadOnlyList<UsageRecordIn> records, bool resumeSuspended = false)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        return Partition().RateUsage(AccountId, subscriptions, records, resumeSuspended);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageOutcome>> RateSimUsage(IReadOnlyList<UsageRecordIn> records, bool duplicatesChecked)
    {
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        return Partition().RateAccounts([new AccountUsage(AccountId, records)], duplicatesChecked);
    }

    /// <inheritdoc />
    public Task<AccountRatingProfile?> GetRatingProfile() =>
        Task.FromResult(state.RecordExists ? ProfileOf(AccountId, state.State, _subscriptions) : null);

    /// <summary>The grain's persistent state name (<see cref="AccountProfileReader"/> reads it without the grain).</summary>
    internal const string StateName = "account";

    private static readonly IReadOnlyDictionary<string, decimal> NoSimLimits = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>What rating needs of an account with <paramref name="account"/> as state and these subscriptions (copied).</summary>
    internal static AccountRatingProfile ProfileOf(string accountId, AccountState account, IReadOnlyList<SubscriptionInfo> subscriptions) => new(
        accountId,
        account.Currency,
        account.TimeZone,
        account.BillingCycle,
        account.CreditLimit,
        account.SimChargeLimits.Count == 0 ? NoSimLimits : new Dictionary<string, decimal>(account.SimChargeLimits, StringComparer.Ordinal),
        subscriptions.ToList());

    /// <inheritdoc />
    public async Task<RealTimeCharges> GetRealTimeCharges()
    {
        EnsureOpen();
        var rows = await ledger.UnbilledAsync(this.GetPrimaryKeyString());
        return new RealTimeCharges(this.GetPrimaryKeyString(), state.State.Currency, rows.Count, rows.Sum(r => r.Amount));
    }

    private decimal? CheckLimit(decimal? amount)
    {
        if (amount is not { } limit)
        {
            return null;
        }

        var currency = Currency.Parse(state.State.Currency);
        if (limit <= 0m)
        {
            throw new DomainException("INVALID_LIMIT", "amount", $"amount {limit} must be above 0 {currency.Code}; send null to remove the limit.");
        }

        if (decimal.Round(limit, currency.MinorUnits) != limit)
        {
            throw new DomainException(
                "INVALID_LIMIT",
                "amount",
                $"amount {limit} has more decimals than {currency.Code} has ({currency.MinorUnits}); round it, e.g. to {decimal.Round(limit, currency.MinorUnits, MidpointRounding.AwayFromZero)}.");
        }

        return limit;
    }

    // The account's rating partition: rates its usage and keeps its counters.
    private IRatingPartitionGrain Partition() => GrainFactory.GetGrain<IRatingPartitionGrain>(RatingPartitions.Of(AccountId));

    // Tells the rating partition the account changed: it asks for the account's profile before rating the next record.
    private Task ChangedAsync() => Partition().Refresh(AccountId);

    private void EnsureOpen()
    {
        if (!state.RecordExists)
        {
            throw new DomainException("UNKNOWN_ACCOUNT", "accountId", $"accountId '{this.GetPrimaryKeyString()}' does not exist; create the customer first.");
        }
    }

    private AccountInfo Describe() => new(
        this.GetPrimaryKeyString(),
        state.State.CustomerId,
        state.State.Currency,
        state.State.TimeZone,
        _subscriptions.ToList(),
        state.State.TaxJurisdiction,
        state.State.PayerAccountId,
        state.State.BillingCycle,
        state.State.ChildAccountIds.ToList(),
        state.State.CreditLimit,
        new Dictionary<string, decimal>(state.State.SimChargeLimits, StringComparer.Ordinal));
}
