using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>ProductOrder</c>.</summary>
public sealed class OrderType : ObjectGraphType<OrderInfo>
{
    /// <summary>Declares the fields.</summary>
    public OrderType()
    {
        Name = "ProductOrder";
        Description = "An order (TMF622 ProductOrder): its items run network steps and SIM changes; state acknowledged → inProgress → completed / failed / partial / cancelled (docs/orders.md).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<OrderStateGraphType>>("state").Resolve(c => c.Source.State);
        Field<OrderKindGraphType>("kind").Description("The kind of all its items; null when they differ.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("submitter").Description("Who submitted it (the X-NMcs-Actor header; 'system' for the platform's own orders).").Resolve(c => c.Source.Submitter);
        Field<IdGraphType>("customerId").Description("The customer of its SIMs, when they belong to one.").Resolve(c => c.Source.CustomerId);
        Field<StringGraphType>("externalId").Resolve(c => c.Source.ExternalId);
        Field<StringGraphType>("idempotencyKey").Resolve(c => c.Source.IdempotencyKey);
        Field<StringGraphType>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<BooleanGraphType>>("bulk").Resolve(c => c.Source.Bulk);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("orderDate").Description("When it was acknowledged.").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("lastUpdate").Resolve(c => c.Source.UpdatedAt);
        Field<DateTimeOffsetGraphType>("completionDate").Description("When it reached its final state.").Resolve(c => c.Source.CompletedAt);
        Field<DateTimeOffsetGraphType>("requestedCompletionDate").Description("As submitted; informative (orders run at once).").Resolve(c => c.Source.RequestedCompletionDate);
        Field<StringGraphType>("reason").Description("Why it failed, is partial or was cancelled.").Resolve(c => c.Source.Reason);
        Field<StringGraphType>("cancelledBy").Resolve(c => c.Source.CancelledBy);
        Field<NonNullGraphType<IntGraphType>>("itemCount").Resolve(c => c.Source.ItemCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderCountType>>>>("counts")
            .Description("Items per state (states with none left out).")
            .Resolve(c => c.Source.Counts.OrderBy(k => k.Key).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderItemType>>>>("productOrderItem")
            .Description("The items in order, a page at a time.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 100)
            .Argument<IntGraphType>("offset", a => a.DefaultValue = 0)
            .Argument<OrderStateGraphType>("state", a => a.Description = "Only items in this state.")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument("first", 100);
                if (first is < 1 or > 1000)
                {
                    throw new DomainException("INVALID_ARGUMENT", "first", "first must be between 1 and 1000; page with offset for more.");
                }

                if (c.Source.Items.Count == c.Source.ItemCount && c.GetArgument<OrderState?>("state") is null)
                {
                    return c.Source.Items.Skip(c.GetArgument("offset", 0)).Take(first).ToList();
                }

                return await c.Grains().GetGrain<IOrderGrain>(c.Source.Id)
                    .GetItems(c.GetArgument("offset", 0), first, c.GetArgument<OrderState?>("state"));
            });
    }
}
