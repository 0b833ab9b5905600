using System.Collections.Immutable;
using NMcs.Abstractions.Contracts;

namespace NMcs.Grains.Provisioning;

/// <summary>
/// The cluster-wide relay of provisioning events (one activation, key <see cref="ProvisioningEventRelay.RelayKey"/>): every silo joins with its
/// <see cref="IProvisioningEventObserver"/>, and forwards the events published on it; the relay hands them to every
/// other member.
/// </summary>
[Alias("nmcs.IProvisioningEventRelayGrain")]
public interface IProvisioningEventRelayGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Adds (or refreshes) a member. Members re-join periodically; one not heard from within the relay's expiry is
    /// dropped, so a silo that died without leaving stops receiving.
    /// </summary>
    [Alias("Join")]
    Task Join(IProvisioningEventObserver member);

    /// <summary>Removes a member (its silo is stopping).</summary>
    [Alias("Leave")]
    Task Leave(IProvisioningEventObserver member);

    /// <summary>Hands <paramref name="events"/> to every member except <paramref name="origin"/>, which delivered them itself.</summary>
    [Alias("Forward")]
    Task Forward(IProvisioningEventObserver origin, ImmutableArray<ProvisioningEvent> events);
}
