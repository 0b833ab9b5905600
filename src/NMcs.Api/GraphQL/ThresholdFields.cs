using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Grains;
using NMcs.Api.GraphQL.Types;
using NMcs.Identifiers;
using NMcs.Rating.Thresholds;
using NMcs.Storage;

namespace NMcs.Api.GraphQL;

/// <summary>Real-time thresholds: credit and SIM charge limits, and the events rated usage raises.</summary>
internal static class ThresholdFields
{
    /// <summary>Adds the mutations.</summary>
    public static void RegisterMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AccountType>>("setCreditLimit")
            .Description("Sets an account's credit limit on a billing cycle's usage charges, in the account's currency; null removes it. A CREDIT_LIMIT event is raised when the cycle's charges reach NMcs:Thresholds:CreditLimitWarningPercent (80 by default) and 100 % of it. A new limit is checked from the next rated record.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .Argument<DecimalGraphType>("amount", a => a.Description = "Above 0, at most the currency's decimals; null to remove the limit.")
            .ResolveAsync(async c => await Account(c, c.GetArgument<string>("accountId")).SetCreditLimit(c.GetArgument<decimal?>("amount")));
        mutation.Field<NonNullGraphType<AccountType>>("setSimChargeLimit")
            .Description("Sets the limit on one SIM's usage charges per billing cycle, in its account's currency; null removes it. A SIM_CHARGE_LIMIT event is raised at the warning percentage and at 100 %. Returns the SIM's account.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .Argument<DecimalGraphType>("amount", a => a.Description = "Above 0, at most the currency's decimals; null to remove the limit.")
            .ResolveAsync(async c =>
            {
                var iccid = SimIdentifiers.ValidateIccid(c.GetArgument<string>("iccid"));
                var sim = await c.Grains().GetGrain<ISimGrain>(iccid).GetInfo();
                var accountId = sim?.Subscription?.AccountId
                    ?? throw new DomainException("SIM_NOT_ACTIVE", "iccid", $"iccid {iccid} has no subscription; activate it on a product before setting a charge limit.");
                return await c.Grains().GetGrain<IAccountGrain>(accountId).SetSimChargeLimit(iccid, c.GetArgument<decimal?>("amount"));
            });
    }

    /// <summary>Adds the queries.</summary>
    public static void RegisterQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ThresholdEventType>>>>("thresholdEvents")
            .Description("Threshold events in the order they were raised (sequence), optionally of one account, SIM or kind, raised at or after since, or after a sequence already seen. An event is here as soon as the ingestion call that carried the crossing record has answered.")
            .Argument<IdGraphType>("accountId")
            .Argument<StringGraphType>("iccid")
            .Argument<ThresholdKindGraphType>("kind")
            .Argument<DateTimeOffsetGraphType>("since", a => a.Description = "Only events raised at or after this instant (platform time).")
            .Argument<LongGraphType>("afterSequence", a =>
            {
                a.Description = "Only events with a larger sequence: page on, or catch up from the last event handled.";
                a.DefaultValue = 0L;
            })
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c =>
            {
                var iccid = c.GetArgument<string?>("iccid");
                return await c.Service<ThresholdEventStore>().ListAsync(
                    c.GetArgument<string?>("accountId"),
                    iccid is null ? null : SimIdentifiers.ValidateIccid(iccid),
                    c.GetArgument<ThresholdKind?>("kind"),
                    c.GetArgument<DateTimeOffset?>("since"),
                    Paging.First(c),
                    c.GetArgument<long>("afterSequence"),
                    c.CancellationToken);
            });
    }

    private static IAccountGrain Account(IResolveFieldContext c, string accountId) => c.Grains().GetGrain<IAccountGrain>(accountId);
}
