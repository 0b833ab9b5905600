using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>Input <c>OrderFilter</c>.</summary>
public sealed class OrderFilterInputType : InputObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public OrderFilterInputType()
    {
        Name = "OrderFilter";
        Description = "Which orders to list; fields left out match all.";
        Field<IdGraphType>("customerId");
        Field<StringGraphType>("iccid").Description("Orders with an item on this SIM.");
        Field<OrderStateGraphType>("state");
        Field<OrderKindGraphType>("kind");
        Field<StringGraphType>("submitter");
    }
}
