using GraphQL.Types;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ProvisioningEventKind</c>.</summary>
public sealed class ProvisioningEventKindGraphType : EnumerationGraphType<ProvisioningEventKind>
{
    /// <summary>Names the enum.</summary>
    public ProvisioningEventKindGraphType()
    {
        Name = "ProvisioningEventKind";
        Description = "What a provisioning event reports: an order's state, one order item's state, or a SIM's lifecycle state.";
    }
}
