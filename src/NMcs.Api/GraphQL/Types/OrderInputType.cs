using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>Input <c>ProductOrderInput</c> (TMF622 ProductOrder_Create).</summary>
public sealed class OrderInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public OrderInputType()
    {
        Name = "ProductOrderInput";
        Description = "An order of one or more items (TMF622 ProductOrder_Create). Checked completely before anything is stored: a bad item refuses the whole order.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderItemInputType>>>>("productOrderItem").Description("1 to 10,000 items; one item per SIM.");
        Field<StringGraphType>("externalId").Description("Your own reference.");
        Field<StringGraphType>("description");
        Field<DateTimeOffsetGraphType>("requestedCompletionDate").Description("Informative: orders run at once.");
        Field<StringGraphType>("idempotencyKey").Description("Your key for this order (per X-NMcs-Actor): the same key with the same items returns the same order; with other items it is refused (IDEMPOTENCY_CONFLICT).");
    }
}
