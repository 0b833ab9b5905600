using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>OrderItemAction</c>: TMF622 productOrderItem.action (add, modify, delete, noChange).</summary>
public sealed class OrderItemActionGraphType : EnumerationGraphType
{
    /// <summary>Declares the values.</summary>
    public OrderItemActionGraphType()
    {
        Name = "OrderItemAction";
        Description = "TMF622 productOrderItem.action; follows from the item's kind.";
        foreach (var action in Enum.GetValues<OrderItemAction>())
        {
            Add(ApiName(action), action);
        }
    }

    /// <summary>The TMF622 spelling: noChange.</summary>
    public static string ApiName(OrderItemAction action)
    {
        var name = action.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
