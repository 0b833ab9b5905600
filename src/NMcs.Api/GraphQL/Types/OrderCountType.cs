using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>OrderItemCount</c>: how many items of an order are in one state.</summary>
public sealed class OrderCountType : ObjectGraphType<KeyValuePair<OrderState, int>>
{
    /// <summary>Declares the fields.</summary>
    public OrderCountType()
    {
        Name = "OrderItemCount";
        Field<NonNullGraphType<OrderStateGraphType>>("state").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Value);
    }
}
