using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using NMcs.Abstractions.Contracts;
using Orleans.Utilities;

namespace NMcs.Grains.Provisioning;

/// <summary>
/// Fans provisioning events out to the silos of the cluster. It holds no state worth storing: after a reactivation
/// (e.g. its silo died) the members are back within one <see cref="ProvisioningEventRelay.RejoinInterval"/>.
/// </summary>
public sealed class ProvisioningEventRelayGrain : Grain, IProvisioningEventRelayGrain
{
    /// <summary>How long a member stays without re-joining: three missed re-joins.</summary>
    public static readonly TimeSpan MemberExpiry = ProvisioningEventRelay.RejoinInterval * 3;

    private readonly ObserverManager<IProvisioningEventObserver> _members;

    /// <summary>Creates the relay.</summary>
    public ProvisioningEventRelayGrain(ILogger<ProvisioningEventRelayGrain> logger) =>
        _members = new ObserverManager<IProvisioningEventObserver>(MemberExpiry, logger);

    /// <inheritdoc />
    public Task Join(IProvisioningEventObserver member)
    {
        _members.Subscribe(member, member);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Leave(IProvisioningEventObserver member)
    {
        _members.Unsubscribe(member);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Forward(IProvisioningEventObserver origin, ImmutableArray<ProvisioningEvent> events)
    {
        // The observer calls are one-way: they return at once, so one slow silo does not delay the others.
        return _members.Notify(member => member.OnEvents(events), member => !member.Equals(origin));
    }
}
