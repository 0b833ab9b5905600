using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>ProductOrderItem</c>.</summary>
public sealed class OrderItemType : ObjectGraphType<OrderItemInfo>
{
    /// <summary>Declares the fields.</summary>
    public OrderItemType()
    {
        Name = "ProductOrderItem";
        Description = "One item of an order (TMF622 productOrderItem): one kind on one SIM, with its own state.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Request.Id);
        Field<NonNullGraphType<OrderItemActionGraphType>>("action").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<OrderKindGraphType>>("kind").Resolve(c => c.Source.Request.Kind);
        Field<NonNullGraphType<OrderStateGraphType>>("state").Resolve(c => c.Source.State);
        Field<NonNullGraphType<StringGraphType>>("iccid").Resolve(c => c.Source.Request.Iccid);
        Field<IdGraphType>("productId").Resolve(c => c.Source.Request.ProductId);
        Field<IntGraphType>("productVersion").Resolve(c => c.Source.Request.ProductVersion);
        Field<NonNullGraphType<BooleanGraphType>>("atNextCycle").Resolve(c => c.Source.Request.AtNextCycle);
        Field<StringGraphType>("newIccid").Resolve(c => c.Source.Request.NewIccid);
        Field<StringGraphType>("newImsi").Resolve(c => c.Source.Request.NewImsi);
        Field<StringGraphType>("apn").Resolve(c => c.Source.Request.Apn);
        Field<StringGraphType>("fixedIp").Resolve(c => c.Source.Request.FixedIp);
        Field<IdGraphType>("customerId").Resolve(c => c.Source.Request.CustomerId);
        Field<IdGraphType>("accountId").Resolve(c => c.Source.Request.AccountId);
        Field<StringGraphType>("errorCode").Description("Why it failed, e.g. ILLEGAL_TRANSITION, UNKNOWN_SIM, NE_REJECTED.").Resolve(c => c.Source.ErrorCode);
        Field<StringGraphType>("errorField").Description("The input field at fault.").Resolve(c => c.Source.ErrorField);
        Field<StringGraphType>("reason").Description("Why it failed or is partial, with the fix.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<BooleanGraphType>>("needsOperator").Description("Network elements disagree after a failed undo: an operator must reconcile them.").Resolve(c => c.Source.NeedsOperator);
        Field<DateTimeOffsetGraphType>("completionDate").Resolve(c => c.Source.CompletedAt);
        Field<SimStatusGraphType>("simStatus").Description("The SIM's state after the item completed.").Resolve(c => c.Source.SimStatusAfter);
        Field<NonNullGraphType<IntGraphType>>("networkSteps").Description("Network element commands run (0 when no element has the item's roles).").Resolve(c => c.Source.NetworkSteps);
    }
}
