using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.State;
using NMcs.Storage;

namespace NMcs.Grains;

/// <summary>A payer account: subscriptions billed to it and real-time charges from the usage ledger.</summary>
public sealed class AccountGrain(
    [PersistentState("account", NMcsStorage.Name)] IPersistentState<AccountState> state,
    UsageLedger ledger) : Grain, IAccountGrain
{
    /// <inheritdoc />
    public async Task<AccountInfo> Open(string customerId, string currency, string timeZone)
    {
        if (state.RecordExists)
        {
            if (state.State.CustomerId != customerId)
            {
                throw new DomainException("ACCOUNT_EXISTS", "accountId", $"account {this.GetPrimaryKeyString()} belongs to customer {state.State.CustomerId}.");
            }

            return Describe();
        }

        state.State = new AccountState { CustomerId = customerId, Currency = currency, TimeZone = timeZone };
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public Task<AccountInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    /// <inheritdoc />
    public async Task AddSubscription(SubscriptionInfo subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        EnsureOpen();
        if (state.State.Subscriptions.Any(s => s.Id == subscription.Id))
        {
            return;
        }

        state.State.Subscriptions.Add(subscription);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<RealTimeCharges> GetRealTimeCharges()
    {
        EnsureOpen();
        var rows = await ledger.UnbilledAsync(this.GetPrimaryKeyString());
        return new RealTimeCharges(this.GetPrimaryKeyString(), state.State.Currency, rows.Count, rows.Sum(r => r.Amount));
    }

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
        state.State.Subscriptions.ToList());
}
