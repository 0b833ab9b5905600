using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>OrderPolicy</c>.</summary>
public sealed class OrderPolicyType : ObjectGraphType<OrderPolicy>
{
    /// <summary>Declares the fields.</summary>
    public OrderPolicyType()
    {
        Name = "OrderPolicy";
        Description = "What orders the platform raises for an account by itself.";
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<BooleanGraphType>>("autoSuspendOnCreditLimit")
            .Description("True: when the account's usage charges reach 100 % of its credit limit, a suspend order (submitter 'system', externalId the threshold event id) suspends its ACTIVATED SIMs. Off by default.")
            .Resolve(c => c.Source.AutoSuspendOnCreditLimit);
    }
}
