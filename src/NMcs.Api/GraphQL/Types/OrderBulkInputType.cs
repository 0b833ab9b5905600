using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>Input <c>BulkOrderInput</c>.</summary>
public sealed class OrderBulkInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public OrderBulkInputType()
    {
        Name = "BulkOrderInput";
        Description = "One kind on up to 10,000 SIMs. Each SIM is an item with its own state: a bad ICCID or a SIM in the wrong state fails alone and the rest run.";
        Field<NonNullGraphType<OrderKindGraphType>>("kind").Description("Any kind but simSwap and assignFixedIp (they need a value per SIM: use submitOrder).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("iccids").Description("1 to 10,000 ICCIDs.");
        Field<IdGraphType>("productId");
        Field<IntGraphType>("productVersion");
        Field<BooleanGraphType>("atNextCycle");
        Field<StringGraphType>("apn");
        Field<IdGraphType>("customerId");
        Field<IdGraphType>("accountId");
        Field<StringGraphType>("externalId");
        Field<StringGraphType>("description");
        Field<StringGraphType>("idempotencyKey").Description("As for submitOrder.");
    }
}
