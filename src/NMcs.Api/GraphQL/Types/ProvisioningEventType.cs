using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>ProvisioningEvent</c>.</summary>
public sealed class ProvisioningEventType : ObjectGraphType<ProvisioningEvent>
{
    /// <summary>Declares the fields.</summary>
    public ProvisioningEventType()
    {
        Name = "ProvisioningEvent";
        Description = "A state change of an order, an order item or a SIM, streamed after the change was stored. A notification, not the record: re-read the order or SIM with a query when in doubt (a client that reads too slowly is disconnected).";
        Field<NonNullGraphType<ProvisioningEventKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<IdGraphType>("orderId").Description("The order, when an order caused the change.").Resolve(c => c.Source.OrderId);
        Field<StringGraphType>("iccid").Description("The SIM concerned, when there is one.").Resolve(c => c.Source.Iccid);
        Field<IdGraphType>("customerId").Description("The customer the order or SIM belongs to.").Resolve(c => c.Source.CustomerId);
        Field<NonNullGraphType<StringGraphType>>("state").Description("The new state, e.g. inProgress, completed, failed; a SIM's status.").Resolve(c => c.Source.State);
        Field<StringGraphType>("previousState").Description("The state before, when known.").Resolve(c => c.Source.PreviousState);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("When it changed (platform clock).").Resolve(c => c.Source.At);
        Field<StringGraphType>("detail").Description("A one-line reason or description, e.g. why an order failed.").Resolve(c => c.Source.Detail);
    }
}
