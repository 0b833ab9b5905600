using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>OrderConnection</c>.</summary>
public sealed class OrderConnectionType : ObjectGraphType<OrderPage>
{
    /// <summary>Declares the fields.</summary>
    public OrderConnectionType()
    {
        Name = "OrderConnection";
        Description = "A page of orders, newest first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<StringGraphType>("endCursor").Description("Pass as after for the next page.").Resolve(c => c.Source.EndCursor);
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
    }
}
