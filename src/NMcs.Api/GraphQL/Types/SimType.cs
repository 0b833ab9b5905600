using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Sim</c>.</summary>
public sealed class SimType : ObjectGraphType<SimInfo>
{
    /// <summary>Declares the fields.</summary>
    public SimType()
    {
        Name = "Sim";
        Description = "A SIM card (TM Forum Resource).";
        Field<NonNullGraphType<StringGraphType>>("iccid").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<StringGraphType>>("imsi").Resolve(c => c.Source.Imsi);
        Field<NonNullGraphType<StringGraphType>>("msisdn").Resolve(c => c.Source.Msisdn);
        Field<NonNullGraphType<SimStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field<IdGraphType>("customerId").Resolve(c => c.Source.CustomerId);
        Field<SubscriptionType>("subscription").Resolve(c => c.Source.Subscription);
        Field<IdGraphType>("accountId").Description("The account the SIM's subscriptions belong to.").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubscriptionType>>>>("previousSubscriptions").Description("Subscriptions ended by plan changes, oldest first.").Resolve(c => c.Source.History ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UsageRecordType>>>>("usageRecords")
            .Description("Rated usage records, newest first.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c => await c.Service<UsageLedger>().ForSimAsync(c.Source.Iccid, Paging.First(c), c.CancellationToken));
        OrderFields.RegisterSimFields(this);
    }
}
