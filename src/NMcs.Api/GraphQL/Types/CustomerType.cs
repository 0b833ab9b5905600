using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Customer</c>.</summary>
public sealed class CustomerType : ObjectGraphType<CustomerInfo>
{
    /// <summary>Declares the fields.</summary>
    public CustomerType()
    {
        Name = "Customer";
        Description = "A business customer (TM Forum Customer) with one payer account.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("currency").Description("ISO 4217 billing currency.").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<StringGraphType>>("timeZone").Description("IANA time zone billing periods are cut in.").Resolve(c => c.Source.TimeZone);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<AccountType>("account")
            .Description("The payer account that receives invoices.")
            .ResolveAsync(async c => await c.Grains().GetGrain<IAccountGrain>(c.Source.AccountId).GetInfo());
    }
}
