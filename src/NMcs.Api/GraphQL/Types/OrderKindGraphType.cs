using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Grains.Orders;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>OrderKind</c>: what an order item does to a SIM (activate, suspend, resume, terminate, simSwap, …).</summary>
public sealed class OrderKindGraphType : EnumerationGraphType
{
    /// <summary>Declares the values.</summary>
    public OrderKindGraphType()
    {
        Name = "OrderKind";
        Description = "What an order item does to a SIM; the simTransitions query lists from which SIM states each is allowed.";
        foreach (var kind in Enum.GetValues<OrderKind>())
        {
            Add(SimLifecycle.ApiName(kind), kind, $"TMF622 action {OrderItemActionGraphType.ApiName(SimLifecycle.ActionOf(kind))}.");
        }
    }
}
