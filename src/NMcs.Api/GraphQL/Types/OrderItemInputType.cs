using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>Input <c>ProductOrderItemInput</c> (TMF622 productOrderItem).</summary>
public sealed class OrderItemInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public OrderItemInputType()
    {
        Name = "ProductOrderItemInput";
        Description = "One item: a kind on one SIM (by iccid, or by msisdn) with the parameters its kind needs.";
        Field<IdGraphType>("id").Description("The item's id in the order; default its position (1, 2, …).");
        Field<NonNullGraphType<OrderKindGraphType>>("kind");
        Field<OrderItemActionGraphType>("action").Description("TMF622 action; optional, and when given it must be the kind's (activate/assign/startTest: add; terminate/purge: delete; others: modify).");
        Field<StringGraphType>("iccid");
        Field<StringGraphType>("msisdn").Description("Names the SIM by its MSISDN instead of iccid.");
        Field<IdGraphType>("productId").Description("activate, changePlan, startTest: the product (TMF622 productOffering.id).");
        Field<IntGraphType>("productVersion").Description("A published version; the one in force when omitted.");
        Field<BooleanGraphType>("atNextCycle").Description("changePlan: true for the start of the next billing cycle; false (default) for now.");
        Field<StringGraphType>("newIccid").Description("simSwap: the new SIM (unregistered, or in INVENTORY).");
        Field<StringGraphType>("newImsi").Description("simSwap: the new SIM's IMSI (needed when it is not registered).");
        Field<StringGraphType>("apn").Description("assignApn: the access point name.");
        Field<StringGraphType>("fixedIp").Description("assignFixedIp: an IPv4 or IPv6 address; \"\" removes it.");
        Field<IdGraphType>("customerId").Description("assign, startTest: the customer.");
        Field<IdGraphType>("accountId").Description("assign, startTest: one of the customer's accounts (its payer account when omitted).");
    }
}
