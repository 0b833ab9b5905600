using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Account</c>.</summary>
public sealed class AccountType : ObjectGraphType<AccountInfo>
{
    /// <summary>Declares the fields.</summary>
    public AccountType()
    {
        Name = "Account";
        Description = "A payer account (TM Forum BillingAccount).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("customerId").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<StringGraphType>>("timeZone").Resolve(c => c.Source.TimeZone);
        Field<StringGraphType>("taxJurisdiction").Resolve(c => c.Source.TaxJurisdiction);
        Field<IdGraphType>("payerAccountId").Description("The payer whose invoices carry this account's charges; null for a payer.").Resolve(c => c.Source.PayerAccountId);
        Field<NonNullGraphType<StringGraphType>>("billingCycle").Description("The payer's billing cycle, e.g. monthly or monthly:15.").Resolve(c => c.Source.BillingCycle);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("childAccountIds").Description("A payer's non-paying child accounts.").Resolve(c => c.Source.ChildAccountIds ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubscriptionType>>>>("subscriptions").Resolve(c => c.Source.Subscriptions);
        Field<DecimalGraphType>("creditLimit").Description("Limit on a billing cycle's usage charges, in the account's currency (setCreditLimit); null for none.").Resolve(c => c.Source.CreditLimit);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SimChargeLimitType>>>>("simChargeLimits")
            .Description("Per-SIM limits on a billing cycle's usage charges (setSimChargeLimit), by ICCID.")
            .Resolve(c => (c.Source.SimChargeLimits ?? new Dictionary<string, decimal>()).OrderBy(l => l.Key, StringComparer.Ordinal).ToList());
        Field<NonNullGraphType<RealTimeChargesType>>("realTimeCharges")
            .Description("Rated usage not yet invoiced.")
            .ResolveAsync(async c => await c.Grains().GetGrain<IAccountGrain>(c.Source.Id).GetRealTimeCharges());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceType>>>>("invoices")
            .Description("Issued invoices, oldest first.")
            .ResolveAsync(async c => (await c.Service<InvoiceStore>().ListAsync(c.Source.Id, c.CancellationToken)).Select(InvoiceType.From).ToList());
    }
}
