using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>ThresholdEvent</c>.</summary>
public sealed class ThresholdEventType : ObjectGraphType<ThresholdEvent>
{
    /// <summary>Declares the fields.</summary>
    public ThresholdEventType()
    {
        Name = "ThresholdEvent";
        Description = "A threshold crossed by rated usage: an allowance's use, or a cycle's usage charges against a credit or SIM charge limit, reached a percentage. Raised once per billing cycle and threshold (docs/thresholds.md).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable: the same threshold in the same cycle always has this id.").Resolve(c => c.Source.EventId);
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Position in the order events were raised, across all accounts: a consumer's cursor for afterSequence.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<ThresholdKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<StringGraphType>("iccid").Description("The SIM of a per-SIM allowance or SIM charge limit; null for account thresholds (pooled allowance, credit limit).").Resolve(c => c.Source.Iccid);
        Field<IdGraphType>("allowanceId").Description("The allowance of an ALLOWANCE_USAGE event.").Resolve(c => c.Source.AllowanceId);
        Field<NonNullGraphType<DecimalGraphType>>("percent").Resolve(c => c.Source.Percent);
        Field<NonNullGraphType<DecimalGraphType>>("threshold").Description("The absolute value crossed: limit × percent / 100, in unit.").Resolve(c => c.Source.Threshold);
        Field<NonNullGraphType<DecimalGraphType>>("limit").Description("The 100 % value: the allowance's quantity or the limit amount.").Resolve(c => c.Source.Limit);
        Field<NonNullGraphType<DecimalGraphType>>("value").Description("The counter just after the crossing record: allowance used, or the cycle's usage charges (unrounded).").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The allowance's unit (e.g. MB) or the account's currency.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<StringGraphType>>("period").Description("The billing cycle key.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<IdGraphType>>("recordId").Description("The usage record that crossed the threshold.").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("occurredAt").Description("When the crossing record's usage happened.").Resolve(c => c.Source.OccurredAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("raisedAt").Description("Platform time the record was rated and the event raised.").Resolve(c => c.Source.RaisedAt);
    }
}
