using System.Collections.Immutable;
using NMcs.Abstractions.Contracts;
using Orleans.Concurrency;

namespace NMcs.Grains.Provisioning;

/// <summary>
/// A silo's receiver of provisioning events published on other silos (a grain observer registered with the
/// <see cref="IProvisioningEventRelayGrain"/>).
/// </summary>
[Alias("nmcs.IProvisioningEventObserver")]
public interface IProvisioningEventObserver : IGrainObserver
{
    /// <summary>Delivers events to this silo's local subscribers. One-way: a slow or dead silo never holds up the relay.</summary>
    [OneWay]
    [Alias("OnEvents")]
    Task OnEvents(ImmutableArray<ProvisioningEvent> events);
}
