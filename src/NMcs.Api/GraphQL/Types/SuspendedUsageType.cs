using GraphQL.Types;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>SuspendedUsage</c>.</summary>
public sealed class SuspendedUsageType : ObjectGraphType<SuspendedUsage>
{
    /// <summary>Declares the fields.</summary>
    public SuspendedUsageType()
    {
        Name = "SuspendedUsage";
        Description = "A usage record accepted but not rated because its tariff rule failed; re-rated when a fixed rule is deployed.";
        Field<NonNullGraphType<IdGraphType>>("recordId").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("iccid").Resolve(c => c.Source.Iccid);
        Field<NonNullGraphType<StringGraphType>>("ruleName").Resolve(c => c.Source.RuleName);
        Field<NonNullGraphType<StringGraphType>>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("suspendedAt").Resolve(c => c.Source.SuspendedAt);
    }
}
