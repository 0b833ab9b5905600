using GraphQL.Types;
using NMcs.Grains.Orders;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>SimTransition</c>: one allowed move of the SIM lifecycle.</summary>
public sealed class OrderSimTransitionType : ObjectGraphType<SimTransition>
{
    /// <summary>Declares the fields.</summary>
    public OrderSimTransitionType()
    {
        Name = "SimTransition";
        Description = "One allowed move of the SIM lifecycle: an order of this kind moves a SIM from one state to another. Anything else is refused (ILLEGAL_TRANSITION).";
        Field<NonNullGraphType<SimStatusGraphType>>("from").Resolve(c => c.Source.From);
        Field<NonNullGraphType<OrderKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<SimStatusGraphType>>("to").Resolve(c => c.Source.To);
        Field<NonNullGraphType<StringGraphType>>("note").Resolve(c => c.Source.Note);
    }
}
