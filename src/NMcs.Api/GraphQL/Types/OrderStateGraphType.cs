using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Grains.Orders;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>OrderState</c>, spelled as TMF622: acknowledged, inProgress, completed, failed, partial, cancelled.</summary>
public sealed class OrderStateGraphType : EnumerationGraphType
{
    /// <summary>Declares the values.</summary>
    public OrderStateGraphType()
    {
        Name = "OrderState";
        Description = "TMF622 order state: acknowledged → inProgress → completed / failed / partial / cancelled.";
        Add(SimLifecycle.ApiName(OrderState.Acknowledged), OrderState.Acknowledged, "Stored; nothing has run (on an item: pending).");
        Add(SimLifecycle.ApiName(OrderState.InProgress), OrderState.InProgress, "Network steps or SIM changes are running.");
        Add(SimLifecycle.ApiName(OrderState.Completed), OrderState.Completed, "Every item completed.");
        Add(SimLifecycle.ApiName(OrderState.Failed), OrderState.Failed, "Nothing changed; the reason is on the items.");
        Add(SimLifecycle.ApiName(OrderState.Partial), OrderState.Partial, "Some items completed and some did not; or network elements disagree and need an operator (needsOperator).");
        Add(SimLifecycle.ApiName(OrderState.Cancelled), OrderState.Cancelled, "Cancelled before it ran (on an item: while pending).");
    }
}
