using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Api.GraphQL.Types;
using NMcs.Grains.Provisioning;

namespace NMcs.Api.GraphQL;

/// <summary>
/// The subscription root: order and SIM state changes streamed over WebSocket (graphql-transport-ws on
/// <c>/graphql</c>). Named <c>SubscriptionRoot</c> because <c>Subscription</c> is the SIM's product subscription.
/// </summary>
public sealed class NMcsSubscription : ObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public NMcsSubscription()
    {
        Name = "SubscriptionRoot";
        Description = "Real-time events. Subscribe over a WebSocket on /graphql with the graphql-transport-ws subprotocol; plain HTTP refuses subscriptions.";
        Field<NonNullGraphType<ProvisioningEventType>>("orderEvents")
            .Description("State changes of orders and their items (kinds ORDER_STATE and ORDER_ITEM_STATE) from now on; every order when no filter is given.")
            .Argument<IdGraphType>("orderId", a => a.Description = "Only this order.")
            .Argument<IdGraphType>("customerId", a => a.Description = "Only orders of this customer.")
            .ResolveStream(c =>
            {
                var orderId = c.GetArgument<string?>("orderId");
                var customerId = c.GetArgument<string?>("customerId");
                return new ProvisioningEventObservable(c.Service<IProvisioningEventSource>(), e =>
                    e.Kind is ProvisioningEventKind.OrderState or ProvisioningEventKind.OrderItemState
                    && (orderId is null || e.OrderId == orderId)
                    && (customerId is null || e.CustomerId == customerId));
            });
        Field<NonNullGraphType<ProvisioningEventType>>("simEvents")
            .Description("SIM lifecycle state changes (kind SIM_STATE) from now on; every SIM when no filter is given.")
            .Argument<StringGraphType>("iccid", a => a.Description = "Only this SIM.")
            .Argument<IdGraphType>("customerId", a => a.Description = "Only SIMs of this customer.")
            .ResolveStream(c =>
            {
                var iccid = c.GetArgument<string?>("iccid");
                var customerId = c.GetArgument<string?>("customerId");
                return new ProvisioningEventObservable(c.Service<IProvisioningEventSource>(), e =>
                    e.Kind == ProvisioningEventKind.SimState
                    && (iccid is null || e.Iccid == iccid)
                    && (customerId is null || e.CustomerId == customerId));
            });
    }
}
