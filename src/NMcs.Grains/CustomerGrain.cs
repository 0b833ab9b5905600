using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains.State;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Grains;

/// <summary>A customer. Creating one opens its payer account.</summary>
public sealed class CustomerGrain(
    [PersistentState("customer", NMcsStorage.Name)] IPersistentState<CustomerState> state,
    CustomerDirectory directory,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock) : Grain, ICustomerGrain
{
    /// <inheritdoc />
    public async Task<CustomerInfo> Create(string name, string currency, string timeZone, string? taxJurisdiction = null, string? billingCycle = null)
    {
        var id = this.GetPrimaryKeyString();
        if (state.RecordExists)
        {
            throw new DomainException("CUSTOMER_EXISTS", "id", $"id '{id}' is already a customer; choose another id or query the existing one.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new DomainException("INVALID_NAME", "name", "name must be 1 to 200 characters.");
        }

        var billingCurrency = Currency.Parse(currency);
        BillingPeriod.Zone(timeZone);
        var accountId = GrainKeys.PayerAccountOf(id);
        if (taxJurisdiction is not null && (taxJurisdiction.Length is 0 or > 16))
        {
            throw new DomainException("INVALID_JURISDICTION", "taxJurisdiction", "taxJurisdiction must be 1 to 16 characters, e.g. DE or US-CA, matching the catalog's tax rates.");
        }

        var cycle = BillingCycle.Parse(billingCycle ?? "monthly").ToString();
        await GrainFactory.GetGrain<IAccountGrain>(accountId).Open(id, billingCurrency.Code, timeZone, taxJurisdiction, cycle);
        await directory.AddAsync(id, name, accountId, cycle, timeZone);
        state.State = new CustomerState
        {
            Name = name.Trim(),
            AccountId = accountId,
            Currency = billingCurrency.Code,
            TimeZone = timeZone,
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return Describe();
    }

    /// <inheritdoc />
    public async Task<AccountInfo> OpenAccount(string accountId)
    {
        if (!state.RecordExists)
        {
            throw new DomainException("UNKNOWN_CUSTOMER", "customerId", $"customerId '{this.GetPrimaryKeyString()}' does not exist; create the customer first.");
        }

        if (string.IsNullOrWhiteSpace(accountId) || accountId.Length > 64 || accountId.Contains(':', StringComparison.Ordinal))
        {
            throw new DomainException("INVALID_ID", "accountId", "accountId must be 1 to 64 characters without ':'.");
        }

        var info = await GrainFactory.GetGrain<IAccountGrain>(accountId).OpenChild(this.GetPrimaryKeyString(), state.State.AccountId);
        if (!state.State.ChildAccountIds.Contains(accountId))
        {
            state.State.ChildAccountIds.Add(accountId);
            await state.WriteStateAsync();
        }

        return info;
    }

    /// <inheritdoc />
    public Task<CustomerInfo?> GetInfo() => Task.FromResult(state.RecordExists ? Describe() : null);

    private CustomerInfo Describe() => new(
        this.GetPrimaryKeyString(),
        state.State.Name,
        state.State.AccountId,
        state.State.Currency,
        state.State.TimeZone,
        state.State.CreatedAt);
}
